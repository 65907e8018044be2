using PSMigrate.Engine.Schema;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// Where a schema to compare comes from: the database itself, another database, the revisions
/// replayed into a scratch database, or desired-schema files loaded into one. The engine never
/// parses DDL to learn a schema: the database engine loads it and its catalog is read.
/// Every scratch database is removed before a call returns, also when it fails or is stopped.
/// </summary>
public sealed class SchemaInspector(RevisionGraph graph, DatabaseTarget database, IRevisionRunner? runner = null)
{
    /// <summary>A database to do scratch work in (its own schema there), for a role that may not create databases.</summary>
    public string? DevConnectionString { get; init; } = database.DevConnectionString;

    /// <summary>Says what is happening (replaying, loading, comparing), for progress and verbose output.</summary>
    public Action<string> Progress { get; init; } = _ => { };

    /// <summary>The configured database's schema; empty for a SQLite file not created yet.</summary>
    public DatabaseSchema Live(CancellationToken cancellation = default)
    {
        using var session = DatabaseSession.OpenIfPresent(database, out _, cancellation);
        return session is null ? new DatabaseSchema([], [], StringComparer.OrdinalIgnoreCase) : Read(session).Named(database.Name);
    }

    /// <summary>Another database of the same engine (-ReferenceConnectionString).</summary>
    public DatabaseSchema Reference(string connectionString, CancellationToken cancellation = default)
    {
        var reference = new DatabaseTarget(database.Provider, connectionString, ConnectionSource.Parameter, database.Settings);
        return Read(reference, cancellation).Named(reference.Name);
    }

    /// <summary>The schema the revisions produce at a target ('head', a revision, several heads), replayed into a scratch database.</summary>
    public DatabaseSchema AtRevision(string target, CancellationToken cancellation = default) => AtRevisions([target], cancellation);

    /// <summary>The schema with every one of these targets applied (the parents of a new revision); none: the empty schema.</summary>
    public DatabaseSchema AtRevisions(IReadOnlyList<string> targets, CancellationToken cancellation = default) =>
        WithScratch(scratch =>
        {
            foreach (var target in targets)
            {
                Replay(scratch, target, cancellation);
            }

            return Read(scratch, cancellation);
        }, cancellation);

    /// <summary>The revisions at the database's own heads (what it should look like now), replayed into a scratch database.</summary>
    public DatabaseSchema AtDatabaseHeads(CancellationToken cancellation = default)
    {
        var heads = new Migrator(graph, database).ReadState(withHistory: false, cancellation).Heads;
        return AtRevisions(heads, cancellation);
    }

    /// <summary>
    /// Desired-schema files (a .sql file, or every .sql file of a folder in name order) loaded into
    /// a scratch database; a statement that fails names its file and line.
    /// </summary>
    public DatabaseSchema Desired(string path, CancellationToken cancellation = default)
    {
        var files = DesiredSchemaFiles.Find(path);
        return WithScratch(scratch =>
        {
            using (var session = DatabaseSession.Open(scratch, cancellation))
            {
                foreach (var file in files)
                {
                    Progress($"Loading {file} into the scratch database.");
                    DesiredSchemaFiles.Load(session, file);
                }
            }

            return Read(scratch, cancellation);
        }, cancellation);
    }

    /// <summary>
    /// Every revision in a scratch database, in upgrade order: upgrade, downgrade (the schema must
    /// be the one before the upgrade), upgrade again (the schema must be the one after). Each
    /// difference goes to <paramref name="found"/> as it is found; a step that fails stops the
    /// round trip with its error, saying which part of it failed. Returns the schema it ends at:
    /// every revision applied, what a replay to the heads gives when no difference was found.
    /// </summary>
    public DatabaseSchema RoundTrip(Action<SchemaDifference> found, CancellationToken cancellation = default) =>
        WithScratch(scratch =>
        {
            var migrator = new Migrator(graph, scratch, runner);
            var steps = migrator.Plan(MigrationTarget.Upgrade("heads"), []).Steps;
            var before = Read(scratch, cancellation);
            foreach (var (step, index) in steps.Select((s, i) => (s, i + 1)))
            {
                var revision = step.Revision;
                Progress($"Round trip {index}/{steps.Count}: {revision.Revision} ({revision.Message}).");
                Run(migrator, MigrationTarget.Upgrade(revision.Revision), revision, "upgrading it", cancellation);
                var after = Read(scratch, cancellation);
                Run(migrator, MigrationTarget.Revert(revision.Revision), revision, "downgrading it", cancellation);
                Report(found, SchemaComparer.Compare(before, Read(scratch, cancellation)), revision,
                    $"the downgrade of {revision.Revision} ('{revision.Message}') does not restore the schema before it");
                Run(migrator, MigrationTarget.Upgrade(revision.Revision), revision, "upgrading it again after its downgrade", cancellation);
                Report(found, SchemaComparer.Compare(after, Read(scratch, cancellation)), revision,
                    $"upgrading {revision.Revision} ('{revision.Message}') again after its downgrade gives another schema");
                before = after;
            }

            return before;
        }, cancellation);

    private static void Run(Migrator migrator, MigrationTarget target, MigrationRevision revision, string doing, CancellationToken cancellation)
    {
        try
        {
            migrator.Run(target, cancellation: cancellation);
        }
        catch (MigrationException error) when (error.Error != MigrationErrors.Cancelled)
        {
            throw error.WithContext(revision.Revision, message: $"Round trip of revision {revision.Revision} ('{revision.Message}') in a scratch database: {doing} failed. {error.Message}");
        }
    }

    private void Report(Action<SchemaDifference> found, IEnumerable<SchemaDifference> differences, MigrationRevision revision, string problem)
    {
        foreach (var difference in Tagged(differences, revision, problem))
        {
            found(difference);
        }
    }

    private IEnumerable<SchemaDifference> Tagged(IEnumerable<SchemaDifference> differences, MigrationRevision revision, string problem) =>
        differences.Select(d => d with
        {
            Revision = revision.Revision,
            Database = database.Name,
            Description = $"{DatabaseSession.Sentence(char.ToUpperInvariant(problem[0]) + problem[1..])} {d.Description}",
        });

    private void Replay(DatabaseTarget scratch, string target, CancellationToken cancellation)
    {
        Progress($"Replaying the revisions up to {target} in the scratch database.");
        new Migrator(graph, scratch, runner).Run(MigrationTarget.Upgrade(target), cancellation: cancellation);
    }

    internal T WithScratch<T>(Func<DatabaseTarget, T> work, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        IScratchDatabase scratch;
        try
        {
            scratch = database.Provider.CreateScratch(database.ConnectionString, DevConnectionString);
        }
        catch (Exception error) when (DatabaseSession.IsDriverError(error))
        {
            throw new MigrationException(MigrationErrors.ScratchDatabaseFailed,
                $"Cannot create a scratch {database.Kind} database for the comparison on {database.Display}: {database.Provider.Describe(error, null).Message.TrimEnd('.')}. " +
                "Give the role the right to create databases, or name a database PSMigrate may use (DevConnectionString in psmigrate.psd1, or -DevConnectionString); it works in a schema of its own there.",
                database.Display, error) { Database = database.Display };
        }

        Progress($"Created the {scratch.Description}.");
        try
        {
            var settings = database.Settings with { Schema = scratch.Schema ?? (database.Kind == ProviderKind.Sqlite ? database.Settings.Schema : null) };
            return work(new DatabaseTarget(database.Provider, scratch.ConnectionString, ConnectionSource.Parameter, settings) { Name = scratch.Description });
        }
        finally
        {
            scratch.Dispose();
            Progress($"Removed the {scratch.Description}.");
        }
    }

    private static DatabaseSchema Read(DatabaseTarget target, CancellationToken cancellation)
    {
        using var session = DatabaseSession.Open(target, cancellation);
        return Read(session);
    }

    private static DatabaseSchema Read(DatabaseSession session) =>
        session.Guarded("reading the schema", () => session.Provider.ReadSchema(new LiveSink(session), session.Tables));
}
