using System.Management.Automation;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>
/// Reports drift between the database and the versions folder: applied files edited since,
/// applied files gone, and revisions the folder does not know. With -DesiredSchema, -Schema or
/// -RoundTrip it checks schemas instead (in a scratch database): do the revisions at head give
/// the desired schema, does the live database still have the schema its revisions give, and does
/// every downgrade restore the schema before its upgrade. Changes nothing.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Migration", DefaultParameterSetName = ReportSet)]
[OutputType(typeof(MigrationDrift), ParameterSetName = [ReportSet])]
[OutputType(typeof(SchemaDifference), ParameterSetName = [SchemaSet])]
[OutputType(typeof(MigrationHazard), ParameterSetName = [LintSet])]
[OutputType(typeof(MigrationFleetSummary))]
[OutputType(typeof(bool), ParameterSetName = [QuietSet])]
public sealed class TestMigrationCommand : SchemaCommandBase
{
    private const string ReportSet = "Report";
    private const string QuietSet = "Quiet";
    private const string SchemaSet = "Schema";
    private const string LintSet = "Lint";

    /// <summary>Fails (stopping the script, so CI exits non-zero) when any drift (or schema difference) is found.</summary>
    [Parameter(ParameterSetName = ReportSet)]
    [Parameter(ParameterSetName = SchemaSet)]
    [Parameter(ParameterSetName = LintSet)]
    public SwitchParameter Strict { get; set; }

    /// <summary>The hazards of the steps an upgrade to head would run now: data loss, locks, rewrites, rebuilds, no transaction, no way back.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LintSet)]
    public SwitchParameter Lint { get; set; }

    /// <summary>The lowest severity reported (and, with -Strict, failed on): Info, Warning (the default) or Critical.</summary>
    [Parameter(ParameterSetName = LintSet)]
    public HazardSeverityParameter Severity { get; set; } = HazardSeverityParameter.Warning;

    /// <summary>With -Lint: measures locks and rewrites in a scratch database instead of the static rules (PostgreSQL).</summary>
    [Parameter(ParameterSetName = LintSet)]
    public SwitchParameter Analyze { get; set; }

    /// <summary>Alembic's check: the revisions at head must give this schema (a .sql file or a folder of them).</summary>
    [Parameter(ParameterSetName = SchemaSet)]
    [ValidateNotNullOrEmpty]
    public string? DesiredSchema { get; set; }

    /// <summary>The live database must have the schema its own revisions give (catches changes made by hand).</summary>
    [Parameter(ParameterSetName = SchemaSet)]
    public SwitchParameter Schema { get; set; }

    /// <summary>Every revision upgraded, downgraded and upgraded again in a scratch database; each downgrade must restore the schema.</summary>
    [Parameter(ParameterSetName = SchemaSet)]
    public SwitchParameter RoundTrip { get; set; }

    /// <summary>Returns only $true (no drift) or $false.</summary>
    [Parameter(Mandatory = true, ParameterSetName = QuietSet)]
    public SwitchParameter Quiet { get; set; }

    protected override bool StopsScriptOnError => Strict;

    // With many databases, -Quiet still answers once: no drift anywhere.
    private int drifted;

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        if (ParameterSetName == SchemaSet)
        {
            return SchemaChecks(graph);
        }

        if (ParameterSetName == LintSet)
        {
            return LintChecks(graph);
        }

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

    private Action<DatabaseRun> SchemaChecks(RevisionGraph graph)
    {
        var (desired, live, roundTrip, strict) = (Resolved(DesiredSchema), Schema.IsPresent, RoundTrip.IsPresent, Strict.IsPresent);
        if (desired is null && !live && !roundTrip)
        {
            throw new MigrationException(MigrationErrors.InvalidArgument, "Say what to check: -DesiredSchema <file>, -Schema, -RoundTrip, or several of them.", "Test-Migration");
        }

        return run =>
        {
            var inspector = Inspector(run, graph);
            var found = new List<SchemaDifference>();

            // The round trip goes first: when it finds nothing, the schema it ends at is the one a
            // replay to the heads gives, so the desired-schema check needs no replay of its own.
            // A round trip that fails part-way is reported after the other checks, which still run.
            DatabaseSchema? atHeads = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo? roundTripFailed = null;
            if (roundTrip)
            {
                try
                {
                    var ended = inspector.RoundTrip(difference =>
                    {
                        run.Output.Object(difference);
                        found.Add(difference);
                    }, run.Stop);
                    atHeads = found.Count == 0 ? ended : null;
                    Verdict(run.Output, $"every downgrade of {graph.Source} restores the schema", found.Count);
                }
                catch (MigrationException failure) when (failure.Error != MigrationErrors.Cancelled && (desired is not null || live))
                {
                    roundTripFailed = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure);
                }
            }

            if (desired is not null)
            {
                var differences = SchemaChange.Compare(atHeads ?? inspector.AtRevision("heads", run.Stop), inspector.Desired(desired, run.Stop), database: run.Database.Name);
                Report(run.Output, differences, found, $"the revisions at head give the desired schema {desired}");
            }

            if (live)
            {
                var differences = SchemaChange.Compare(inspector.AtDatabaseHeads(run.Stop), inspector.Live(run.Stop), database: run.Database.Name);
                Report(run.Output, differences, found, "the database has the schema its revisions give");
            }

            roundTripFailed?.Throw();

            if (strict && found.Count > 0)
            {
                throw new MigrationException(MigrationErrors.SchemaDiffers,
                    $"{found.Count} schema difference(s) on {run.Database.Name}: {string.Join(" ", found.Take(5).Select(d => d.Description))}{(found.Count > 5 ? " ..." : string.Empty)}",
                    found[0]) { Revision = found[0].Revision, Database = run.Database.Name };
            }
        };
    }

    /// <summary>The pending steps' hazards at or above -Severity; -Strict fails when there is one, naming the worst.</summary>
    private Action<DatabaseRun> LintChecks(RevisionGraph graph)
    {
        var (severity, strict, analyze, dev) = (Enum.Parse<HazardSeverity>(Severity.ToString()), Strict.IsPresent, Analyze.IsPresent, DevConnectionString);
        return run =>
        {
            var migrator = new Migrator(graph, run.Database, run.Runner) { DevConnectionString = dev };
            var observer = new CmdletObserver(run.Output, $"Lint of {run.Database.Name}", skipConfirmation: true, whatIf: false);
            var steps = migrator.Preview(MigrationTarget.Upgrade("heads"), analyze: analyze, observer: observer, cancellation: run.Stop);
            var found = steps.SelectMany(s => s.Hazards).Where(h => Enum.Parse<HazardSeverity>(h.Severity) >= severity).ToList();
            foreach (var hazard in found)
            {
                run.Output.Object(hazard);
            }

            run.Output.Information(found.Count == 0
                ? $"Checked: the {steps.Count} pending step(s) of {run.Database.Name} have no hazard at or above {severity}."
                : $"Not so: the {steps.Count} pending step(s) of {run.Database.Name} have {found.Count} hazard(s) at or above {severity}.");
            if (strict && found.Count > 0)
            {
                var worst = found.MaxBy(h => Enum.Parse<HazardSeverity>(h.Severity))!;
                throw new MigrationException(MigrationErrors.HazardsFound,
                    $"{found.Count} hazard(s) at or above {severity} in the pending steps of {run.Database.Name}; the worst: {worst.Severity} {worst.Kind} in revision {worst.Revision} " +
                    $"({worst.Path}{(worst.Line is { } line ? $":{line}" : string.Empty)}): {worst.Detail}",
                    worst.Path) { Revision = worst.Revision, FilePath = worst.Path, Line = worst.Line, Database = run.Database.Name };
            }
        };
    }

    private static void Report(CommandOutput output, IReadOnlyList<SchemaDifference> differences, List<SchemaDifference> found, string check)
    {
        foreach (var difference in differences)
        {
            output.Object(difference);
        }

        found.AddRange(differences);
        Verdict(output, check, differences.Count);
    }

    private static void Verdict(CommandOutput output, string check, int differences) =>
        output.Information(differences == 0 ? $"Checked: {check}." : $"Not so: {check} ({differences} difference(s)).");

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
