using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SiotThing.Protocol.Xmpp;
using SiotThing.Provisioning.CommandLine;
using SiotThing.Provisioning.Component;
using SiotThing.Provisioning.Storage;
using SiotThing.Provisioning.Xmpp;

namespace SiotThing.Provisioning.Hosting;

/// <summary>
/// The service as a hosted background service: opens the store (creating and migrating it), runs
/// the component connection and the processing loop until the host stops, then closes the stream
/// cleanly. A store that cannot be opened or a server that refuses the component stops the host
/// with an exit code in <see cref="ServeResult"/>.
/// </summary>
internal sealed class ComponentWorker(
    ServeSettings settings,
    Func<CancellationToken, Task<IProvisioningStore>> openStore,
    ServeResult result,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger logger = loggerFactory.CreateLogger("SiotThing.Provisioning.Serve");

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IProvisioningStore store;
        try
        {
            store = await openStore(stoppingToken);
        }
        catch (Exception e) when (e is DbException or IOException or InvalidOperationException or ArgumentException)
        {
            Stop(ExitCodes.StoreFailure, $"cannot open the store: {e.Message}");
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await using (store)
        {
            ProvisioningComponent component;
            try
            {
                component = await ProvisioningComponent.CreateAsync(store, settings.Domain, TimeProvider.System, loggerFactory.CreateLogger("SiotThing.Provisioning.Component"), stoppingToken);
            }
            catch (DbException e)
            {
                Stop(ExitCodes.StoreFailure, $"cannot read the store's session key: {e.Message}");
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var stream = new ComponentStream(settings.Domain, settings.Secret, component, ServiceLimits.Parser());
            var connection = new ComponentConnection(
                settings.Server,
                settings.Port,
                stream,
                new ReconnectPolicy(settings.InitialReconnectDelay, settings.MaximumReconnectDelay, new RandomEntropy()),
                loggerFactory.CreateLogger("SiotThing.Provisioning.Xmpp"));
            using var processingStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var processing = component.RunAsync(connection, processingStop.Token);
            logger.LogInformation("Serving {Domain} through {Server}:{Port}", settings.Domain, settings.Server, settings.Port);
            try
            {
                await connection.RunAsync(stoppingToken);
            }
            catch (ComponentRefusedException e)
            {
                Stop(ExitCodes.Refused, e.Message);
            }
            finally
            {
                await processingStop.CancelAsync();
                await processing;
            }
        }
    }

    private void Stop(int exitCode, string message)
    {
        logger.LogCritical("{Message}", message);
        result.Fail(exitCode, message);
        lifetime.StopApplication();
    }
}
