using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>The cmdlet's own streams, used on its pipeline thread.</summary>
internal sealed class DirectOutput(MigrationCommandBase cmdlet) : CommandOutput
{
    /// <summary>The id of a single database's bar, and the parent bar of a many-database run.</summary>
    public const int ProgressId = 1;

    public override bool WantsVerbose { get; } = Reads(cmdlet, "Verbose");

    public override bool WantsDebug { get; } = Reads(cmdlet, "Debug");

    public override void Object(object value) => cmdlet.WriteObject(value);

    public override void Warning(string message) => cmdlet.WriteWarning(message);

    public override void Verbose(string message) => cmdlet.WriteVerbose(message);

    public override void Debug(string message) => cmdlet.WriteDebug(message);

    public override void Information(string message) => cmdlet.Inform(message);

    public override void Progress(string activity, string? status, int percent = 0, string? currentOperation = null) =>
        Bar(ProgressId, -1, activity, status, percent, currentOperation);

    public override bool ShouldProcess(string description, string question, out ShouldProcessReason reason) =>
        cmdlet.ShouldProcess(description, question, "Confirm", out reason);

    public override bool ShouldContinue(string question, string caption) => cmdlet.ShouldContinue(question, caption);

    /// <summary>Writes one progress bar; a null status ends it.</summary>
    public void Bar(int id, int parentId, string activity, string? status, int percent, string? currentOperation) =>
        cmdlet.WriteProgress(status is null
            ? new ProgressRecord(id, activity, "Done") { RecordType = ProgressRecordType.Completed, ParentActivityId = parentId }
            : new ProgressRecord(id, activity, status) { PercentComplete = percent, CurrentOperation = currentOperation, ParentActivityId = parentId });

    /// <summary>Whether the stream is read: its common parameter if given, else its preference variable.</summary>
    private static bool Reads(PSCmdlet cmdlet, string stream) =>
        cmdlet.MyInvocation.BoundParameters.TryGetValue(stream, out var given)
            ? given is SwitchParameter { IsPresent: true }
            : cmdlet.GetVariableValue(stream + "Preference") is ActionPreference preference
              && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
}
