namespace PSMigrate.Engine.Planning;

/// <summary>How every message names a set of version-table heads.</summary>
public static class MigrationHeads
{
    public static string Describe(IEnumerable<string> heads)
    {
        var list = heads as IReadOnlyCollection<string> ?? heads.ToList();
        return list.Count == 0 ? "base" : string.Join(", ", list);
    }
}
