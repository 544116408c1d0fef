using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SiotThing.Provisioning.Storage;

namespace SiotThing.Provisioning.CommandLine;

/// <summary>
/// The admin's commands: read the store and remove things from it. They work on the database
/// directly, also while the service runs (each is one transaction), and never show a claim key.
/// </summary>
internal sealed class AdminCommands(ILoggerFactory loggerFactory)
{
    /// <summary>The commands, to add to the root command.</summary>
    public IEnumerable<Command> Create()
    {
        yield return WithStore(new Command("list-things", "list every registered thing with its owner and friendship counts"), ListThingsAsync);
        yield return WithStore(new Command("list-owners", "list every owner with the number of things it owns"), ListOwnersAsync);

        var show = new Argument<string>("jid") { Description = "the thing's bare JID" };
        yield return WithStore(new Command("show-thing", "show one thing: names, owner, times, friendship counts") { show }, (store, parsed, output, token) => ShowThingAsync(store, parsed.GetRequiredValue(show), output, token));

        var remove = new Argument<string>("jid") { Description = "the thing's bare JID" };
        yield return WithStore(
            new Command("remove-thing", "remove a thing with its names, owner, friends and pending requests; it has to register again, and its owner is not told") { remove },
            (store, parsed, output, token) => RemoveThingAsync(store, parsed.GetRequiredValue(remove), output, token));
    }

    private static async Task<int> ListThingsAsync(IProvisioningStore store, ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var things = await store.ListThingsAsync(cancellationToken);
        var table = new TextTable("THING", "NAME", "OWNER", "FRIENDS", "REFUSED", "PENDING", "REGISTERED", "CLAIMED");
        foreach (var thing in things)
        {
            table.Add(thing.Jid, thing.DisplayName, thing.Owner ?? "-", Number(thing.Friends), Number(thing.NonFriends), Number(thing.Pending), Time(thing.RegisteredAt), Time(thing.ClaimedAt));
        }

        table.WriteTo(output);
        output.WriteLine(Count(things.Count, "thing"));
        return ExitCodes.Success;
    }

    private static async Task<int> ListOwnersAsync(IProvisioningStore store, ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var owners = await store.ListOwnersAsync(cancellationToken);
        var table = new TextTable("OWNER", "THINGS");
        foreach (var owner in owners)
        {
            table.Add(owner.Owner, Number(owner.Things));
        }

        table.WriteTo(output);
        output.WriteLine(Count(owners.Count, "owner"));
        return ExitCodes.Success;
    }

    private static async Task<int> ShowThingAsync(IProvisioningStore store, string jid, TextWriter output, CancellationToken cancellationToken)
    {
        var thing = await store.GetThingAsync(jid, cancellationToken);
        if (thing == null)
        {
            throw new ThingNotFoundException(jid);
        }

        var table = new TextTable();
        table.Add("thing", thing.Jid);
        foreach (var name in thing.Names)
        {
            table.Add(name.Language.Length == 0 ? "name" : $"name [{name.Language}]", name.Name);
        }

        table.Add("owner", thing.Owner ?? "- (unclaimed)");
        table.Add("registered", Time(thing.RegisteredAt));
        table.Add("claimed", Time(thing.ClaimedAt));
        table.Add("friends", Number(thing.Friends));
        table.Add("refused", Number(thing.NonFriends));
        table.Add("pending", Number(thing.Pending));
        table.WriteTo(output);
        return ExitCodes.Success;
    }

    private static async Task<int> RemoveThingAsync(IProvisioningStore store, string jid, TextWriter output, CancellationToken cancellationToken)
    {
        if (!await store.RemoveThingAsync(jid, cancellationToken))
        {
            throw new ThingNotFoundException(jid);
        }

        output.WriteLine($"removed {jid}");
        return ExitCodes.Success;
    }

    /// <summary>Adds the store options to <paramref name="command"/> and makes <paramref name="run"/> its action, with the store open and failures turned into exit codes.</summary>
    private Command WithStore(Command command, Func<IProvisioningStore, ParseResult, TextWriter, CancellationToken, Task<int>> run)
    {
        var selection = new StoreSelection();
        selection.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            var error = parsed.InvocationConfiguration.Error;
            try
            {
                await using var store = await selection.OpenAsync(parsed, loggerFactory, create: false, cancellationToken);
                return await run(store, parsed, output, cancellationToken);
            }
            catch (ThingNotFoundException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.NotFound;
            }
            catch (ArgumentException e)
            {
                // The store's input checks: a malformed JID or connection string.
                error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
            {
                error.WriteLine($"{command.Name}: {e.Message}");
                return ExitCodes.StoreFailure;
            }
        });
        return command;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";
}
