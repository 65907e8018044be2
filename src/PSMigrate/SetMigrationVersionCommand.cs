using System.Management.Automation;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Planning;

namespace PSMigrate.Commands;

/// <summary>Records the database as being at a target without running any revision (Alembic's stamp).</summary>
[Cmdlet(VerbsCommon.Set, "MigrationVersion", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
    DefaultParameterSetName = ApplySet)]
[OutputType(typeof(MigrationVersionChange), ParameterSetName = [ApplySet])]
[OutputType(typeof(string), typeof(FileInfo), ParameterSetName = [ScriptSet])]
public sealed class SetMigrationVersionCommand : DatabaseCommandBase
{
    private const string ApplySet = "Apply";
    private const string ScriptSet = "Script";

    protected override bool StopsScriptOnError => true;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Revision")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string Target { get; set; } = string.Empty;

    /// <summary>Replaces every recorded head instead of only those on the target's branches.</summary>
    [Parameter]
    public SwitchParameter Purge { get; set; }

    /// <summary>Seconds to wait for another run's deployment lock on the same database.</summary>
    [Parameter(ParameterSetName = ApplySet)]
    [ValidateRange(0, int.MaxValue)]
    public int LockTimeout { get; set; } = 300;

    /// <summary>Writes the SQL that would record the new version, and touches nothing.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ScriptSet)]
    public SwitchParameter Script { get; set; }

    /// <summary>For -Script: writes the script to this file (UTF-8) instead of the pipeline.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>For -Script: the heads to start from instead of reading the database.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? From { get; set; }

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var target = ResolveTarget(project);
        var before = From is null
            ? ReadCurrentHeads(target)
            : new TargetResolver(graph).ResolveStamp(From, []).Select(r => r.Revision).ToArray();
        var after = new MigrationPlanner(graph).PlanStamp(Target, before, Purge);

        if (Script)
        {
            WriteScript([OfflineScript.RenderStamp(before, after, target.Provider.Dialect, target.Tables)], OutFile);
            return;
        }

        if (!ShouldProcess(target.Display, $"Record version {Describe(after)} (now {Describe(before)}) without running any revision"))
        {
            return;
        }

        using var session = MigrationSession.Connect(target);
        using var runLock = session.AcquireRunLock(TimeSpan.FromSeconds(LockTimeout), WriteWarning);
        session.EnsureTables();
        if (!session.ReadHeads().SequenceEqual(before, StringComparer.Ordinal))
        {
            before = session.ReadHeads();
            after = new MigrationPlanner(graph).PlanStamp(Target, before, Purge);
        }

        session.Stamp(before, after);
        WriteObject(new MigrationVersionChange(before.ToArray(), after.ToArray()));
    }

    private static string Describe(IReadOnlyList<string> heads) => heads.Count == 0 ? "base" : string.Join(", ", heads);
}
