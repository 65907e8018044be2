namespace PSMigrate.Engine.Operations;

/// <summary>
/// The dialect-neutral operations a PowerShell revision calls (Alembic's op): each renders the
/// provider's SQL and runs it in the revision's transaction, or collects it offline.
/// </summary>
public sealed class SchemaOperations
{
    private readonly OperationContext context;
    private readonly ISchemaRenderer renderer;

    public SchemaOperations(OperationContext context)
    {
        this.context = context;
        renderer = context.Provider.Schema;
    }

    public OperationContext Context => context;

    public void CreateTable(string table, IReadOnlyList<ColumnDefinition> columns)
    {
        if (columns.Count == 0)
        {
            throw Invalid("CreateTable", $"table '{table}' needs at least one column.");
        }

        var duplicate = columns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Invalid("CreateTable", $"table '{table}' names column '{duplicate.Key}' twice.");
        }

        context.Run(renderer.CreateTable(context, table, columns));
    }

    public void DropTable(string table) => context.Run(renderer.DropTable(context, table));

    public void RenameTable(string table, string newName) => context.Run(renderer.RenameTable(context, table, newName));

    public void AddColumn(string table, ColumnDefinition column) => context.Run(renderer.AddColumn(context, table, column));

    public void DropColumn(string table, string column) => context.Run(renderer.DropColumn(context, table, column));

    public void RenameColumn(string table, string column, string newName) => context.Run(renderer.RenameColumn(context, table, column, newName));

    public void AlterColumn(string table, ColumnChange change)
    {
        if (change.Type is null && change.Nullable is null && !change.ChangesDefault)
        {
            throw Invalid("AlterColumn", $"nothing to change on column '{change.Column}' of '{table}': give -Type, -Nullable or -Default.");
        }

        context.Run(renderer.AlterColumn(context, table, change));
    }

    public void CreateIndex(string table, string name, IReadOnlyList<string> columns, bool unique, string? where)
    {
        if (columns.Count == 0)
        {
            throw Invalid("CreateIndex", $"index '{name}' needs at least one column.");
        }

        context.Run(renderer.CreateIndex(context, table, name, columns, unique, where));
    }

    public void DropIndex(string table, string name) => context.Run(renderer.DropIndex(context, table, name));

    public void AddConstraint(string table, ConstraintDefinition constraint) => context.Run(renderer.AddConstraint(context, table, constraint));

    public void DropConstraint(string table, string name) => context.Run(renderer.DropConstraint(context, table, name));

    /// <summary>Rows through the provider's bulk path live, or INSERT statements offline.</summary>
    public long InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        if (context.IsOffline)
        {
            var statements = renderer.InsertRows(table, columns, rows);
            context.Run(statements);
            return statements.Count;
        }

        context.Log?.Invoke($"bulk insert into {table} ({string.Join(", ", columns)})");
        return context.Provider.BulkInsert(context.Connection!, context.Transaction, table, columns, rows);
    }

    public void ExecuteSql(string sql) =>
        context.Run(context.Provider.Dialect.Split(new Revisions.SqlSection(sql, 1)).SelectMany(s => Enumerable.Repeat(s.Text, s.Repeat)));

    private MigrationException Invalid(string operation, string problem) =>
        context.Error("PSMigrate.InvalidOperation", MigrationErrorKind.InvalidTarget,
            $"{operation} in revision {context.Revision.Revision} ({context.Revision.Path}): {problem}");
}
