using System.Management.Automation;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>
/// One object per difference between two schemas, said as the change from Before to After:
///   no parameters                          the revisions at head  ->  the database
///   -Revision t                            the revisions at t     ->  the database
///   -DesiredSchema p                       the database           ->  the desired schema
///   -Revision t -DesiredSchema p           the revisions at t     ->  the desired schema
///   -ReferenceConnectionString s           the database           ->  the other database
///   -Revision t -ReferenceConnectionString the revisions at t     ->  the other database
///   -DesiredSchema p -ReferenceConnectionString s  the other database  ->  the desired schema
/// Revisions and desired schemas go to a scratch database; nothing is changed anywhere.
/// </summary>
[Cmdlet(VerbsData.Compare, "MigrationSchema")]
[OutputType(typeof(SchemaDifference))]
[OutputType(typeof(MigrationFleetSummary))]
public sealed class CompareMigrationSchemaCommand : SchemaCommandBase
{
    /// <summary>The revisions replayed up to this target stand on the Before side.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? Revision { get; set; }

    /// <summary>A .sql file (or a folder of them) that says the schema wanted; the After side.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DesiredSchema { get; set; }

    /// <summary>Another database of the same engine.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReferenceConnectionString { get; set; }

    /// <summary>'old=new' (a table) or 'table.old=new' (a column): a drop and an add that are a rename.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public string[] Rename { get; set; } = [];

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var (revision, desired, reference, renames) = (Revision, Resolved(DesiredSchema), ReferenceConnectionString, Rename);
        if (revision is null && desired is null && reference is null)
        {
            revision = "heads";
        }

        return run =>
        {
            var inspector = Inspector(run, graph);
            var before = revision is not null ? inspector.AtRevision(revision, run.Stop)
                : desired is not null && reference is not null ? inspector.Reference(reference, run.Stop)
                : inspector.Live(run.Stop);
            var after = desired is not null ? inspector.Desired(desired, run.Stop)
                : reference is not null ? inspector.Reference(reference, run.Stop)
                : inspector.Live(run.Stop);
            var differences = SchemaChange.Compare(before, after, renames, run.Database.Name);
            foreach (var difference in differences)
            {
                run.Output.Object(difference);
            }

            if (differences.Count == 0)
            {
                run.Output.Information("No difference: the two schemas are the same.");
            }
        };
    }
}
