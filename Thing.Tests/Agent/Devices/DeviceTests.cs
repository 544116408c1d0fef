using nanoFramework.TestFramework;
using SiotThing.Protocol.Devices;

namespace SiotThing.Tests.Devices
{
    [TestClass]
    public class DeviceTests
    {
        [TestMethod]
        public void BulbStartsOffAndFollowsCommands()
        {
            var pin = new RecordingPin { Level = true };
            var bulb = new LightBulb(pin);

            Assert.IsFalse(pin.Level);
            Assert.AreEqual("off", bulb.Status());
            Assert.AreEqual("on", bulb.Execute("on"));
            Assert.IsTrue(pin.Level);
            Assert.AreEqual("off", bulb.Execute("toggle"));
            Assert.IsFalse(pin.Level);
            Assert.AreEqual("on", bulb.Execute("toggle"));
            Assert.AreEqual("on", bulb.Execute("status"));
            Assert.AreEqual("off", bulb.Execute("off"));
            Assert.IsNull(bulb.Execute("explode"));
            Assert.IsFalse(pin.Level);
        }

        [TestMethod]
        public void SensorReadsItsPinInItsOwnWords()
        {
            var pin = new RecordingPin();
            var sensor = new DigitalSensor(pin, "open", "closed");

            Assert.AreEqual("closed", sensor.Execute("read"));
            pin.Level = true;
            Assert.AreEqual("open", sensor.Status());
            Assert.IsNull(sensor.Execute("on"));
            Assert.AreEqual(2, sensor.Commands.Length);
        }
    }
}
