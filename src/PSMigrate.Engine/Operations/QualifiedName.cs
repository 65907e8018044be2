namespace PSMigrate.Engine.Operations;

/// <summary>
/// A table name as operations and bulk inserts take it: 'schema.table' or 'table'. The first dot
/// separates the schema in every dialect (SQLite: the attached database, 'main' or 'temp').
/// </summary>
internal readonly record struct QualifiedName(string? Schema, string Name)
{
    public static QualifiedName Parse(string text)
    {
        var dot = text.IndexOf('.');
        return dot <= 0 || dot == text.Length - 1 ? new QualifiedName(null, text) : new QualifiedName(text[..dot], text[(dot + 1)..]);
    }

    public override string ToString() => Schema is null ? Name : $"{Schema}.{Name}";
}
