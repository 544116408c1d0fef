using System.Device.Gpio;
using System.Security.Cryptography.X509Certificates;
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
    private Task? running;

    /// <summary>Builds the thing from its checked settings; nothing connects until <see cref="Start"/>.</summary>
    /// <param name="settings">The configuration (its <see cref="ThingSettings.Error"/> must be null).</param>
    /// <param name="stateFolder">Where the thing keeps its state across restarts.</param>
    /// <param name="log">Where to report.</param>
    public ThingHost(ThingSettings settings, string stateFolder, ILog log)
    {
        if (settings.Error != null)
        {
            throw new ArgumentException("invalid configuration: " + settings.Error, nameof(settings));
        }

        Settings = settings;
        Log = log;
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

        Device = settings.DeviceKind == "bulb" ? new LightBulb(output) : new DigitalSensor(input, settings.SensorHigh, settings.SensorLow);
        Agent = new ThingAgent(
            new ThingConfiguration(settings.ProvisioningJid, settings.NameLanguages, settings.Names),
            new ThingStateStore(new FolderStateStore(stateFolder)),
            Display,
            Device,
            entropy,
            log);
        Client = new XmppClient(
            new XmppClientSettings(settings.Jid, settings.Password) { Resource = settings.Resource },
            Agent,
            entropy,
            new XmlLimits());
        Client.ScramSecrets = Agent.StoredScramSecrets;
        var authority = settings.CaCertificate == null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(settings.CaCertificate));
        Connection = new HostXmppConnection(
            new XmppEndpoint(settings.Server, settings.Port, settings.DirectTls, authority, Jid.Parse(settings.Jid).Domain, settings.CaCertificate),
            Client,
            new ReconnectPolicy(1000, 300000, entropy),
            log.Write)
        {
            OnTick = Agent.Tick,
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
    public void FactoryReset() => Connection.Post(Agent.FactoryReset);

    /// <summary>A local change of the device (a switch on the lamp, a simulated sensor level).</summary>
    /// <param name="command">A device command, e.g. toggle; or, for a simulated sensor, high/low.</param>
    /// <returns>The device's state afterwards, or null for an unknown command.</returns>
    public string? Operate(string command)
    {
        if (Device is DigitalSensor && command is "high" or "low" && gpio == null)
        {
            Pin.Level = command == "high";
            Connection.Post(Agent.DeviceChanged);
            return Device.Status();
        }

        var result = Device.Execute(command);
        if (result != null)
        {
            Connection.Post(Agent.DeviceChanged);
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
    }
}
