using System.CommandLine;
using SiotThing.ReplayFixtures;

// Turns a recording (siot-thing --record) into a fixture of Thing.Tests/Replay (docs/replay.md).
var recordingArgument = new Argument<FileInfo>("recording") { Description = "the recording file" };
var classArgument = new Argument<string>("class") { Description = "the fixture's class name, e.g. ProsodyStory" };
var nameArgument = new Argument<string>("name") { Description = "the fixture's name in messages, e.g. prosody" };
var summaryOption = new Option<string>("--summary") { Description = "what was recorded, for the doc comment", DefaultValueFactory = _ => "A recorded session" };
var outputOption = new Option<FileInfo>("--output") { Description = "the .cs file to write", Required = true };
var root = new RootCommand("Writes a replay fixture from a recording of siot-thing --record")
{
    recordingArgument,
    classArgument,
    nameArgument,
    summaryOption,
    outputOption,
};
root.SetAction(result =>
{
    var recording = result.GetValue(recordingArgument)!;
    try
    {
        var steps = RecordingFile.Steps(File.ReadAllBytes(recording.FullName));
        var source = FixtureWriter.Write(result.GetValue(classArgument)!, result.GetValue(nameArgument)!, result.GetValue(summaryOption)!, steps);
        File.WriteAllText(result.GetValue(outputOption)!.FullName, source);
        Console.WriteLine($"{result.GetValue(outputOption)!.Name}: {steps.Count} steps, {steps.Sum(s => s.Length)} bytes");
        return 0;
    }
    catch (Exception e) when (e is IOException or InvalidDataException)
    {
        Console.Error.WriteLine($"{recording.FullName}: {e.Message}");
        return 1;
    }
});
return root.Parse(args).Invoke();
