using System;
using System.Collections.Concurrent;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Tests.Host.Integration
{
    /// <summary>Records what an <see cref="XmppClient"/> reports, for tests to wait on.</summary>
    internal sealed class RecordingHandler : IXmppClientHandler
    {
        /// <summary>The tag of roster requests, whose answers go into <see cref="Roster"/>.</summary>
        public const int RosterTag = 7;

        private readonly BlockingCollection<string> stanzas = new BlockingCollection<string>();
        private readonly ConcurrentDictionary<int, TaskCompletionSource<string>> answers = new ConcurrentDictionary<int, TaskCompletionSource<string>>();
        private TaskCompletionSource<bool> online = NewSignal<bool>();

        public int Sessions;

        public int ResumedSessions;

        public string LastEndReason { get; private set; }

        /// <summary>Completes with the <c>resumed</c> flag when the next session starts.</summary>
        public Task<bool> Online => online.Task;

        /// <summary>What to do when a session starts (on the connection's loop).</summary>
        public Action<XmppClient, bool> OnSessionStarted { get; set; }

        public void SessionStarted(XmppClient client, bool resumed)
        {
            Interlocked.Increment(ref Sessions);
            if (resumed)
            {
                Interlocked.Increment(ref ResumedSessions);
            }

            OnSessionStarted?.Invoke(client, resumed);
            online.TrySetResult(resumed);
        }

        /// <summary>The account's roster, kept up to date by pushes.</summary>
        public Roster Roster { get; } = new Roster(16);

        public bool StanzaReceived(XmppClient client, XmlStanza stanza)
        {
            if (Roster.HandlePush(client, stanza, client.Now))
            {
                return true;
            }

            var raw = new byte[stanza.RawLength];
            stanza.CopyRaw(raw, 0);
            stanzas.Add(Encoding.UTF8.GetString(raw));
            return false;
        }

        public void StanzaSkipped(XmppClient client, XmlStanza stanza, string reason)
        {
        }

        public void StanzaRefused(XmppClient client, string reason)
        {
        }

        public void IqAnswered(XmppClient client, int tag, XmlStanza response)
        {
            string text = null;
            if (response != null)
            {
                var raw = new byte[response.RawLength];
                response.CopyRaw(raw, 0);
                text = Encoding.UTF8.GetString(raw);
            }

            if (tag == RosterTag && response != null)
            {
                Roster.HandleResult(response);
            }

            answers.GetOrAdd(tag, _ => NewSignal<string>()).TrySetResult(text);
        }

        public void SessionEnded(XmppClient client, string reason)
        {
            LastEndReason = reason;
            online = NewSignal<bool>();
        }

        public Task<string> AnswerTo(int tag) => answers.GetOrAdd(tag, _ => NewSignal<string>()).Task;

        /// <summary>Waits for the next received stanza that contains <paramref name="text"/>, skipping others.</summary>
        public string WaitForStanza(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (stanzas.TryTake(out var stanza, Remaining(deadline)))
            {
                if (stanza.Contains(text, StringComparison.Ordinal))
                {
                    return stanza;
                }
            }

            throw new TimeoutException("no stanza containing " + text);
        }

        private static TimeSpan Remaining(DateTime deadline)
        {
            var left = deadline - DateTime.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        private static TaskCompletionSource<T> NewSignal<T>() => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
