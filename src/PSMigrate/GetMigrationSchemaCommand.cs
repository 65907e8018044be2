using System.Management.Automation;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>
/// The schema as the database's catalog reports it: one object per table (Columns, PrimaryKey,
/// UniqueConstraints, CheckConstraints, ForeignKeys, Indexes), then one per view. Without
/// PSMigrate's own tables. -Revision gives the schema the revisions produce (replayed in a
/// scratch database) and -DesiredSchema the one a DDL file gives; the database is not changed.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MigrationSchema", DefaultParameterSetName = DatabaseSet)]
[OutputType(typeof(SchemaTable), typeof(SchemaView))]
[OutputType(typeof(MigrationFleetSummary))]
public sealed class GetMigrationSchemaCommand : SchemaCommandBase
{
    private const string DatabaseSet = "Database";
    private const string RevisionSet = "Revision";
    private const string DesiredSet = "Desired";

    /// <summary>Tables and views by name; wildcards allowed.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Table { get; set; }

    /// <summary>The schema the revisions produce at this target ('head', a revision id, ...), replayed in a scratch database.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RevisionSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? Revision { get; set; }

    /// <summary>A .sql file (or a folder of them) loaded into a scratch database.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DesiredSet)]
    [ValidateNotNullOrEmpty]
    public string? DesiredSchema { get; set; }

    private protected override Action<DatabaseRun> Prepare(MigrationProject project)
    {
        var graph = Revisions(project);
        var (revision, desired) = (Revision, Resolved(DesiredSchema));
        var patterns = (Table ?? ["*"]).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        return run =>
        {
            var inspector = Inspector(run, graph);
            var schema = revision is not null ? inspector.AtRevision(revision, run.Stop)
                : desired is not null ? inspector.Desired(desired, run.Stop)
                : inspector.Live(run.Stop);
            foreach (var table in schema.Tables.Where(t => patterns.Any(p => p.IsMatch(t.Name))))
            {
                run.Output.Object(table with { Database = run.Database.Name });
            }

            foreach (var view in schema.Views.Where(v => patterns.Any(p => p.IsMatch(v.Name))))
            {
                run.Output.Object(view with { Database = run.Database.Name });
            }
        };
    }
}
