using System.Device.Gpio;
using System.Security.Cryptography.X509Certificates;
using SiotThing.Firmware.Host.Recording;
using SiotThing.Protocol.Agent;
using SiotThing.Protocol.Configuration;
using SiotThing.Protocol.Devices;
using SiotThing.Protocol.Ports;
using SiotThing.Protocol.Storage;
using SiotThing.Protocol.Xml;
using SiotThing.Protocol.Xmpp;

namespace SiotThing.Firmware.Host;

/// <summary>
/// The thing on .NET: the core (client + agent) wired to the .NET adapters. With a device pin
/// in the configuration it drives real GPIO (a Linux board); without, the hardware is simulated
/// on the console. Used by the program and, in-process, by the end-to-end tests.
/// </summary>
public sealed class ThingHost
{
    private readonly CancellationTokenSource stop = new();
    private readonly GpioController? gpio;
    private readonly SessionRecorder? recorder;
    private Task? running;

    /// <summary>Builds the thing from its checked settings; nothing connects until <see cref="Start"/>.</summary>
    /// <param name="settings">The configuration (its <see cref="ThingSettings.Error"/> must be null).</param>
    /// <param name="stateFolder">Where the thing keeps its state across restarts.</param>
    /// <param name="log">Where to report.</param>
    /// <param name="recorder">
    /// Records the session at the core's boundary (docs/replay.md), or null (the default): then
    /// the core is wired to the adapters directly and nothing is recorded.
    /// </param>
    public ThingHost(ThingSettings settings, string stateFolder, ILog log, SessionRecorder? recorder = null)
    {
        if (settings.Error != null)
        {
            throw new ArgumentException("invalid configuration: " + settings.Error, nameof(settings));
        }

        Settings = settings;
        Log = log;
        this.recorder = recorder;
        var entropy = new SystemEntropy();
        Pin = new ConsolePin(settings.DeviceKind);
        IDigitalOutput output = Pin;
        IDigitalInput input = Pin;
        if (settings.DevicePin >= 0)
        {
            gpio = new GpioController();
            var pin = new GpioPin(gpio, settings.DevicePin, settings.DeviceKind == "bulb");
            output = pin;
            input = pin;
        }

        // The core's ports; recorded, they pass through the recorder. The reconnect policy's
        // entropy is the connection's, not the core's, and stays out of the recording.
        IStateStore store = new FolderStateStore(stateFolder);
        IDisplay display = Display;
        IEntropySource coreEntropy = entropy;
        if (recorder != null)
        {
            var pin = new PinRecorder(output, input, recorder);
            (output, input) = (pin, pin);
            store = new StateStoreRecorder(store, recorder);
            display = new DisplayRecorder(display, recorder);
            coreEntropy = new EntropyRecorder(entropy, recorder);
            recorder.Begin(SessionStep.Boot, 0).Bytes(recorder.Configuration);
        }

        try
        {
            Device = settings.DeviceKind == "bulb" ? new LightBulb(output) : new DigitalSensor(input, settings.SensorHigh, settings.SensorLow);
            Agent = new ThingAgent(
                new ThingConfiguration(settings.ProvisioningJid, settings.NameLanguages, settings.Names),
                new ThingStateStore(store),
                display,
                Device,
                coreEntropy,
                log);
            Client = new XmppClient(
                new XmppClientSettings(settings.Jid, settings.Password) { Resource = settings.Resource },
                Agent,
                coreEntropy,
                new XmlLimits());
            Client.ScramSecrets = Agent.StoredScramSecrets;
        }
        finally
        {
            recorder?.End();
        }

        var authority = settings.CaCertificate == null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(settings.CaCertificate));
        Connection = new HostXmppConnection(
            new XmppEndpoint(settings.Server, settings.Port, settings.DirectTls, authority, Jid.Parse(settings.Jid).Domain, settings.CaCertificate),
            Client,
            new ReconnectPolicy(1000, 300000, entropy),
            log.Write)
        {
            OnTick = Agent.Tick,
            Recorder = recorder,
        };
    }

    /// <summary>The configuration.</summary>
    public ThingSettings Settings { get; }

    /// <summary>The log.</summary>
    public ILog Log { get; }

    /// <summary>The console display.</summary>
    public ConsoleDisplay Display { get; } = new();

    /// <summary>The simulated pin (used when no GPIO pin is configured).</summary>
    public ConsolePin Pin { get; }

    /// <summary>The bulb or the sensor.</summary>
    public IThingDevice Device { get; }

    /// <summary>The thing's behaviour.</summary>
    public ThingAgent Agent { get; }

    /// <summary>The XMPP client.</summary>
    public XmppClient Client { get; }

    /// <summary>The network connection.</summary>
    public HostXmppConnection Connection { get; }

    /// <summary>Connects, and keeps reconnecting until <see cref="StopAsync"/>.</summary>
    public void Start() => running = Connection.RunAsync(stop.Token);

    /// <summary>The button's long press.</summary>
    public void FactoryReset() => Connection.Post(Recorded(SessionStep.FactoryReset, Agent.FactoryReset));

    /// <summary>A local change of the device (a switch on the lamp, a simulated sensor level).</summary>
    /// <param name="command">A device command, e.g. toggle; or, for a simulated sensor, high/low.</param>
    /// <returns>The device's state afterwards, or null for an unknown command.</returns>
    public string? Operate(string command)
    {
        if (Device is DigitalSensor && command is "high" or "low" && gpio == null)
        {
            Pin.Level = command == "high";
            Connection.Post(Recorded(SessionStep.DeviceChanged, Agent.DeviceChanged));
            return Device.Status();
        }

        // On the console's thread, as a switch on the lamp would act: recorded, a step of its own.
        recorder?.Begin(SessionStep.Operate, Connection.Now).Text(command);
        string? result;
        try
        {
            result = Device.Execute(command);
        }
        finally
        {
            recorder?.End();
        }

        if (result != null)
        {
            Connection.Post(Recorded(SessionStep.DeviceChanged, Agent.DeviceChanged));
        }

        return result;
    }

    /// <summary>Closes the stream cleanly and stops.</summary>
    /// <returns>A task that ends when the connection is closed.</returns>
    public async Task StopAsync()
    {
        stop.Cancel();
        if (running != null)
        {
            await running;
        }

        gpio?.Dispose();
        recorder?.Dispose();
    }

    /// <summary>An action for the connection's loop, recorded as a step of its own when recording.</summary>
    private Action<XmppClient, long> Recorded(SessionStep step, Action<XmppClient, long> action)
    {
        if (recorder == null)
        {
            return action;
        }

        return (client, now) =>
        {
            recorder.Begin(step, now);
            try
            {
                action(client, now);
            }
            finally
            {
                recorder.End();
            }
        };
    }
}
