namespace PSMigrate.Engine.Operations;

/// <summary>
/// One dialect's SQL for the schema operations: operations in, statements out. It reads the
/// schema through an <see cref="ISchemaCatalog"/> where the dialect needs the current
/// definition (SQLite's table rebuilds) and never executes anything.
/// </summary>
internal interface ISchemaRenderer
{
    /// <summary>
    /// The operations cut into groups rendered together; each group's statements run before
    /// the next group is rendered, so every group reads a catalog that is up to date. SQLite
    /// puts consecutive changes of one table into one group, which becomes one table rebuild.
    /// </summary>
    IReadOnlyList<IReadOnlyList<SchemaOperation>> Group(IReadOnlyList<SchemaOperation> operations);

    /// <summary>The statements of one group, each with the operation it comes from.</summary>
    IReadOnlyList<RenderedStatement> Render(IReadOnlyList<SchemaOperation> group, ISchemaCatalog catalog);

    /// <summary>Multi-row INSERT statements, for offline scripts.</summary>
    IReadOnlyList<string> InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);

    /// <summary>A value as a SQL literal.</summary>
    string Value(object? value);

    /// <summary>
    /// The portable type this dialect renders exactly as the catalog's type text (so a column
    /// written with it reads back the same); null where none does and the revision needs SqlType.
    /// </summary>
    PortableColumnType? PortableTypeOf(string catalogType);
}

/// <summary>A portable type with its size, as a column hashtable gives it.</summary>
internal sealed record PortableColumnType(PortableType Type, int? Length = null, int? Precision = null, int? Scale = null);

/// <summary>A statement a renderer produced and the operation that asked for it.</summary>
internal sealed record RenderedStatement(string Sql, SchemaOperation Source);
