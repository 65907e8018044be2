using System.Management.Automation;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>
/// Cmdlets that change the database (upgrade, downgrade, stamp): they hold the deployment lock,
/// stop the script when they fail, and can write their SQL instead (-Script, -From, -OutFile).
/// </summary>
public abstract class ScriptableCommandBase : DatabaseCommandBase
{
    protected const string ApplySet = "Apply";
    protected const string ScriptSet = "Script";

    protected override bool StopsScriptOnError => true;

    /// <summary>Seconds to wait for another run's deployment lock on the same database.</summary>
    [Parameter(ParameterSetName = ApplySet)]
    [ValidateRange(0, int.MaxValue)]
    public int LockTimeout { get; set; } = 300;

    /// <summary>Writes the SQL that would run, as text, and touches nothing.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ScriptSet)]
    public SwitchParameter Script { get; set; }

    /// <summary>For -Script: writes the script to this file (UTF-8) instead of the pipeline.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>For -Script: the revision(s) to start from instead of reading the database ('base' for an empty one).</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? From { get; set; }

    protected static IReadOnlyList<string> StartingHeads(RevisionGraph graph, string from) =>
        new TargetResolver(graph).ResolveStamp(from, []).Select(r => r.Revision).ToArray();
}
