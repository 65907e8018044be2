using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Where a cmdlet's work on one database writes: objects, messages, progress and the questions
/// of ShouldProcess. <see cref="DirectOutput"/> writes through the cmdlet on the pipeline thread;
/// <see cref="FleetOutput"/> hands each write to the pipeline thread for a database that runs
/// beside others.
/// </summary>
internal abstract class CommandOutput
{
    public abstract void Object(object value);

    public abstract void Warning(string message);

    public abstract void Verbose(string message);

    public abstract void Debug(string message);

    public abstract void Information(string message);

    /// <summary>This database's progress bar: a step started (percent of the plan done), or the bar ended (null).</summary>
    public abstract void Progress(string activity, string? status, int percent = 0, string? currentOperation = null);

    public abstract bool ShouldProcess(string description, string question, out ShouldProcessReason reason);

    /// <summary>Asks a yes/no question even where ShouldProcess would not (a step that destroys data).</summary>
    public abstract bool ShouldContinue(string question, string caption);

    /// <summary>True when verbose output is read (-Verbose or $VerbosePreference), so statements are worth formatting.</summary>
    public abstract bool WantsVerbose { get; }

    /// <summary>True when debug output is read (-Debug or $DebugPreference), so per-revision timings are worth formatting.</summary>
    public abstract bool WantsDebug { get; }
}
