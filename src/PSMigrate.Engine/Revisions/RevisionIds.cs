using System.Collections;
using System.Runtime.CompilerServices;

namespace PSMigrate;

/// <summary>
/// A list of revision ids (down revisions, labels, heads) that reads as a list in the pipeline
/// and in JSON, and as "a, b" where a value must be one string: Export-Csv, string expansion.
/// </summary>
[CollectionBuilder(typeof(RevisionIds), nameof(Create))]
public sealed class RevisionIds : IReadOnlyList<string>, IEquatable<RevisionIds>
{
    private readonly string[] ids;

    public RevisionIds(IEnumerable<string> ids)
    {
        this.ids = ids.ToArray();
    }

    public static RevisionIds Empty { get; } = new([]);

    public static RevisionIds Create(ReadOnlySpan<string> ids) => new(ids.ToArray());

    /// <summary>Wraps an array nobody else holds, without copying it (the parser's, thousands per load).</summary>
    internal static RevisionIds Own(string[] ids) => ids.Length == 0 ? Empty : new RevisionIds(ids, copy: false);

    private RevisionIds(string[] ids, bool copy)
    {
        this.ids = copy ? ids.ToArray() : ids;
    }

    public int Count => ids.Length;

    public string this[int index] => ids[index];

    public static implicit operator RevisionIds(string[] ids) => new(ids);

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)ids).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ids.GetEnumerator();

    public bool Equals(RevisionIds? other) => other is not null && ids.SequenceEqual(other.ids, StringComparer.Ordinal);

    public override bool Equals(object? obj) => obj is RevisionIds other && Equals(other);

    public override int GetHashCode() => ids.Aggregate(0, (hash, id) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(id)));

    public override string ToString() => string.Join(", ", ids);
}
