namespace PSMigrate.Engine.Operations;

/// <summary>
/// What a renderer may read about the schema as it is before the operations it renders: the
/// live database (inside the revision's transaction), or offline what the script has created
/// so far. Reading only; a renderer never changes anything.
/// </summary>
internal interface ISchemaCatalog
{
    /// <summary>False offline where nothing about the database is known.</summary>
    bool IsAvailable { get; }

    /// <summary>Rows of a catalog query in the dialect of the database, as column-name dictionaries.</summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql);
}
