using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Reports drift between the database and the versions folder: applied files edited since,
/// applied files gone, and revisions the folder does not know. Changes nothing.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Migration", DefaultParameterSetName = ReportSet)]
[OutputType(typeof(MigrationDrift), ParameterSetName = [ReportSet])]
[OutputType(typeof(bool), ParameterSetName = [QuietSet])]
public sealed class TestMigrationCommand : DatabaseCommandBase
{
    private const string ReportSet = "Report";
    private const string QuietSet = "Quiet";

    /// <summary>Fails (stopping the script, so CI exits non-zero) when any drift is found.</summary>
    [Parameter(ParameterSetName = ReportSet)]
    public SwitchParameter Strict { get; set; }

    /// <summary>Returns only $true (no drift) or $false.</summary>
    [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
    public SwitchParameter Quiet { get; set; }

    protected override bool StopsScriptOnError => Strict;

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var migrator = Migrator(project, graph);
        var drifts = migrator.Drift(ReadState(migrator));

        if (Quiet)
        {
            WriteObject(drifts.Count == 0);
            return;
        }

        foreach (var drift in drifts)
        {
            WriteObject(drift);
        }

        if (drifts.Count == 0)
        {
            Inform($"No drift: the database and {graph.Source} agree.");
        }
        else if (Strict)
        {
            throw new MigrationException(MigrationErrors.DriftDetected,
                $"{drifts.Count} difference(s) between the database and {graph.Source}: {string.Join(" ", drifts.Select(d => d.Description))}",
                drifts[0].Path ?? drifts[0].Revision) { Revision = drifts[0].Revision, FilePath = drifts[0].Path };
        }
    }
}
