using System.Data.Common;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// The dialect-neutral operations a PowerShell revision calls (Alembic's op). Schema changes are
/// queued and rendered in groups when something needs them done (SQL, rows, a query, the
/// connection, or the end of the revision), so consecutive changes of one SQLite table make
/// one rebuild. Statements go to the step's sink: the live database, or an offline script.
/// </summary>
public sealed class SchemaOperations
{
    private readonly StepExecutor.RevisionRun run;
    private readonly List<SchemaOperation> pending = [];

    internal SchemaOperations(StepExecutor.RevisionRun run) => this.run = run;

    public MigrationRevision Revision => run.Step.Revision;

    public MigrationDirection Direction => run.Step.Direction;

    public ProviderKind Provider => run.Provider.Kind;

    /// <summary>True while -Script renders the revision: statements are written, nothing runs.</summary>
    public bool IsOffline => run.Sink.IsOffline;

    /// <summary>The revision's connection (null offline); queued operations run first, so it sees them.</summary>
    public DbConnection? Connection
    {
        get
        {
            Flush();
            return run.Session?.Connection;
        }
    }

    /// <summary>The revision's transaction; null offline or for 'Transaction: none' revisions.</summary>
    public DbTransaction? Transaction => run.Session?.Transaction;

    public void CreateTable(string table, IReadOnlyList<ColumnDefinition> columns, int? line = null)
    {
        if (columns.Count == 0)
        {
            throw Invalid("CreateTable", $"table '{table}' needs at least one column.", line);
        }

        var duplicate = columns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Invalid("CreateTable", $"table '{table}' names column '{duplicate.Key}' twice.", line);
        }

        Queue(new CreateTableOperation(table, columns) { Line = line });
    }

    public void DropTable(string table, int? line = null) => Queue(new DropTableOperation(table) { Line = line });

    public void RenameTable(string table, string newName, int? line = null) => Queue(new RenameTableOperation(table, newName) { Line = line });

    public void AddColumn(string table, ColumnDefinition column, int? line = null) => Queue(new AddColumnOperation(table, column) { Line = line });

    public void DropColumn(string table, string column, int? line = null) => Queue(new DropColumnOperation(table, column) { Line = line });

    public void RenameColumn(string table, string column, string newName, int? line = null) =>
        Queue(new RenameColumnOperation(table, column, newName) { Line = line });

    public void AlterColumn(string table, ColumnChange change, int? line = null)
    {
        if (change.Type is null && change.Nullable is null && !change.ChangesDefault)
        {
            throw Invalid("AlterColumn", $"nothing to change on column '{change.Column}' of '{table}': give -Type, -Nullable or -Default.", line);
        }

        Queue(new AlterColumnOperation(table, change) { Line = line });
    }

    public void CreateIndex(string table, string name, IReadOnlyList<string> columns, bool unique, string? where, int? line = null)
    {
        if (columns.Count == 0)
        {
            throw Invalid("CreateIndex", $"index '{name}' needs at least one column.", line);
        }

        Queue(new CreateIndexOperation(table, name, columns, unique, where) { Line = line });
    }

    public void DropIndex(string table, string name, int? line = null) => Queue(new DropIndexOperation(table, name) { Line = line });

    public void AddConstraint(string table, ConstraintDefinition constraint, int? line = null) =>
        Queue(new AddConstraintOperation(table, constraint) { Line = line });

    public void DropConstraint(string table, string name, int? line = null) => Queue(new DropConstraintOperation(table, name) { Line = line });

    /// <summary>Rows through the provider's bulk path live, or INSERT statements offline.</summary>
    public long InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows, int? line = null)
    {
        Flush();
        if (IsOffline)
        {
            // Offline the rows are INSERT statements, sent (and captured for a plan) like any other.
            long count = 0;
            foreach (var statement in run.Provider.Renderer.InsertRows(table, columns, rows.Select(row => { count++; return row; })))
            {
                run.Statement(statement, 1, line, null, $"Add-MigrationRow into '{table}'");
            }

            return count;
        }

        run.Log($"bulk insert into {table} ({string.Join(", ", columns)})");
        try
        {
            return run.Sink.InsertRows(table, columns, rows);
        }
        catch (Exception error) when (run.Session is not null && DatabaseSession.IsDriverError(error))
        {
            throw run.StatementFailed(error, $"bulk insert into {table}", line, null, $"Add-MigrationRow into '{table}'");
        }
    }

    /// <summary>SQL split as the dialect splits sections, each statement sent on its own.</summary>
    public void ExecuteSql(string sql, int? line = null)
    {
        Flush();
        RevisionText.CheckCharacters(Revision.Path, sql, line ?? 1);
        var statements = run.Provider.Dialect.Split(new SqlSection(sql, line ?? 1), Revision.Path);
        if (Revision.TransactionMode == TransactionMode.PerRevision)
        {
            StepExecutor.RefuseTransactionControl(statements, Revision.Path);
        }

        foreach (var statement in statements)
        {
            if (statement.IsClientCommand || statement.CopyData is not null)
            {
                run.Statement(statement);
            }
            else
            {
                run.Statement(statement.Text, statement.Repeat, statement.Line, statement, "Invoke-MigrationSql");
            }
        }
    }

    /// <summary>Rows of a query against the live database, as column-name dictionaries.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, int? line = null)
    {
        if (IsOffline)
        {
            throw new MigrationException(MigrationErrors.OfflineQuery,
                $"Revision {Revision.Revision} reads from the database, which an offline script (-Script) cannot do. Check $Migration.IsOffline in the revision to skip such steps offline.",
                Revision.Path) { Revision = Revision.Revision, FilePath = Revision.Path, Line = line };
        }

        Flush();
        run.Log($"query: {StatementRedaction.Redact(sql)}");
        try
        {
            return run.Sink.Query(sql);
        }
        catch (Exception error) when (DatabaseSession.IsDriverError(error))
        {
            throw run.StatementFailed(error, sql, line, null, "Invoke-MigrationSql -Query");
        }
    }

    /// <summary>Renders and sends the queued operations, group by group, each group reading the catalog as the previous left it.</summary>
    public void Flush()
    {
        if (pending.Count == 0)
        {
            return;
        }

        var operations = pending.ToList();
        pending.Clear();
        var renderer = run.Provider.Renderer;
        foreach (var group in renderer.Group(operations))
        {
            foreach (var statement in renderer.Render(group, run.Sink.Catalog))
            {
                run.Statement(statement.Sql, 1, statement.Source.Line, null, statement.Source.Describe());
            }
        }
    }

    private void Queue(SchemaOperation operation) => pending.Add(operation);

    private MigrationException Invalid(string operation, string problem, int? line) =>
        new(MigrationErrors.InvalidOperation, $"{operation} in revision {Revision.Revision} ({Revision.Path}): {problem}", Revision.Path)
        {
            Revision = Revision.Revision,
            FilePath = Revision.Path,
            Line = line,
        };
}
