using System.Management.Automation;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>
/// Reports drift between the database and the versions folder: applied files edited since,
/// applied files gone, and revisions the folder does not know. Changes nothing.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Migration", DefaultParameterSetName = ReportSet)]
[OutputType(typeof(MigrationDrift), ParameterSetName = [ReportSet])]
[OutputType(typeof(MigrationFleetSummary))]
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

    // With many databases, -Quiet still answers once: no drift anywhere.
    private int drifted;

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var (quiet, strict) = (Quiet.IsPresent, Strict.IsPresent);
        return run =>
        {
            var migrator = Migrator(run, graph);
            var drifts = migrator.Drift(ReadState(migrator, run));
            if (quiet)
            {
                if (drifts.Count > 0)
                {
                    Interlocked.Increment(ref drifted);
                }

                if (run.Output is DirectOutput)
                {
                    run.Output.Object(drifts.Count == 0);
                }

                return;
            }

            Report(run.Output, graph, drifts, strict);
        };
    }

    private protected override void Finished(MigrationFleetSummary summary)
    {
        if (Quiet)
        {
            WriteObject(drifted == 0 && summary.Failed == 0 && summary.Skipped == 0);
            return;
        }

        base.Finished(summary);
    }

    private static void Report(CommandOutput output, RevisionGraph graph, IReadOnlyList<MigrationDrift> drifts, bool strict)
    {
        foreach (var drift in drifts)
        {
            output.Object(drift);
        }

        if (drifts.Count == 0)
        {
            output.Information($"No drift: the database and {graph.Source} agree.");
        }
        else if (strict)
        {
            throw new MigrationException(MigrationErrors.DriftDetected,
                $"{drifts.Count} difference(s) between the database and {graph.Source}: {string.Join(" ", drifts.Select(d => d.Description))}",
                drifts[0].Path ?? drifts[0].Revision) { Revision = drifts[0].Revision, FilePath = drifts[0].Path };
        }
    }
}
