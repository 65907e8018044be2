namespace PSMigrate.Engine.Planning;

/// <summary>How every message names a set of version-table heads.</summary>
public static class MigrationHeads
{
    public static string Describe(IEnumerable<string> heads)
    {
        var list = heads as IReadOnlyCollection<string> ?? heads.ToList();
        return list.Count == 0 ? "base" : string.Join(", ", list);
    }

    /// <summary>The heads of one list that the other lacks; a straight line (one head each side) needs no set for it.</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<string> heads, IReadOnlyList<string> other) =>
        heads.Count == 1 && other.Count <= 1
            ? other.Count == 1 && string.Equals(heads[0], other[0], StringComparison.Ordinal) ? [] : [heads[0]]
            : heads.Except(other, StringComparer.Ordinal).ToArray();
}
