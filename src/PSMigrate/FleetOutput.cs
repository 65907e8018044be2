using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// A database running beside others: every write goes to the pipeline thread through the pump,
/// messages start with the database's name, and its progress bar is a child of the run's bar.
/// </summary>
internal sealed class FleetOutput(FleetPump pump, DirectOutput cmdlet, string database, int slot) : CommandOutput
{
    public override bool WantsVerbose => cmdlet.WantsVerbose;

    public override bool WantsDebug => cmdlet.WantsDebug;

    public override void Object(object value) => pump.Post(() => cmdlet.Object(value));

    public override void Warning(string message) => pump.Post(() => cmdlet.Warning($"{database}: {message}"));

    public override void Verbose(string message) => pump.Post(() => cmdlet.Verbose($"{database}: {message}"));

    public override void Debug(string message) => pump.Post(() => cmdlet.Debug($"{database}: {message}"));

    public override void Information(string message) => pump.Post(() => cmdlet.Information($"{database}: {message}"));

    public override void Progress(string activity, string? status, int percent = 0, string? currentOperation = null) =>
        pump.Post(() => cmdlet.Bar(DirectOutput.ProgressId + 1 + slot, DirectOutput.ProgressId, $"{database}: {activity}", status, percent, currentOperation));

    public override bool ShouldProcess(string description, string question, out ShouldProcessReason reason)
    {
        var (approved, why) = pump.Ask(() =>
        {
            var answer = cmdlet.ShouldProcess($"{database}: {description}", $"{database}: {question}", out var r);
            return (answer, r);
        }, (false, ShouldProcessReason.None));
        reason = why;
        return approved;
    }

    public override bool ShouldContinue(string question, string caption) =>
        pump.Ask(() => cmdlet.ShouldContinue($"{database}: {question}", caption), false);
}
