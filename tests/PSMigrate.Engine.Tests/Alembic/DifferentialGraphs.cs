namespace PSMigrate.Engine.Tests.Alembic;

/// <summary>A revision of a test graph: its parents, branch labels and dependencies.</summary>
internal sealed record GraphRevision(string Id, string[] Down, string[] Labels, string[] Depends);

/// <summary>A graph written both as an Alembic script directory and as PSMigrate revisions.</summary>
internal sealed record DifferentialGraph(string Name, IReadOnlyList<GraphRevision> Revisions);

/// <summary>
/// The graph shapes of Alembic's own tests (tests/test_version_traversal.py, tests/test_revision.py)
/// and random graphs from a fixed seed: merges of two and three heads, several roots,
/// depends-on across branches and on labels, ids sharing prefixes.
/// </summary>
internal static class DifferentialGraphs
{
    private static GraphRevision R(string id, string down = "", string labels = "", string depends = "") =>
        new(id, Split(down), Split(labels), Split(depends));

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<DifferentialGraph> Named { get; } =
    [
        new("linear", [R("a"), R("b", "a"), R("c", "b"), R("d", "c"), R("e", "d")]),

        // BranchedPathTest: two labelled branches from b.
        new("branched", [R("a"), R("b", "a"), R("c1", "b", "c1branch"), R("d1", "c1"), R("c2", "b", "c2branch"), R("d2", "c2")]),

        // MergedPathTest: a branch merged again, then one more.
        new("merged", [R("a"), R("b", "a"), R("c1", "b"), R("c2", "b"), R("d", "c1,c2"), R("e", "d")]),

        // BranchFromMergepointTest: two roots merged twice.
        new("twin merges of two roots", [R("a1"), R("b1", "a1"), R("c1", "b1"), R("a2"), R("b2", "a2"), R("c2", "b2"), R("d1", "c1,c2"), R("d2", "c1,c2")]),

        // BranchFrom3WayMergepointTest.
        new("three-way merges", [R("a1"), R("b1", "a1"), R("a2"), R("b2", "a2"), R("a3"), R("b3", "a3"), R("d1", "b1,b2,b3"), R("d2", "b1,b2,b3")]),

        // DependsOnBranchTest: a second line depends on the first one's middle.
        new("depends on another branch", [R("a1", "", "lib1"), R("b1", "a1"), R("c1", "b1"), R("d1", "c1"), R("e1", "d1"), R("f1", "e1"),
            R("a2", "", "lib2"), R("b2", "a2"), R("c2", "b2", "", "c1")]),

        // DependsOnBranchLabelTest: depending on a label.
        new("depends on a label", [R("a1", "", "lib1"), R("b1", "a1"), R("c1", "b1"), R("a2", "", "lib2"), R("b2", "a2"), R("c2", "b2", "", "lib1")]),

        // Several roots, the second root depending on the first root's line.
        new("dependent roots", [R("base1"), R("b1", "base1"), R("base2", "", "", "b1"), R("b2", "base2")]),

        // Alembic issue 379: a merge of a revision and one that only depends on it.
        new("merge of a dependency", [R("a1"), R("b1", "", "", "a1"), R("bmerge", "a1,b1"), R("c", "bmerge")]),

        // Ids sharing prefixes, for partial ids.
        new("shared prefixes", [R("ae10"), R("ae1f", "ae10"), R("ae2c", "ae1f", "feat"), R("ae20", "ae1f"), R("b7c0", "ae2c,ae20")]),
    ];

    /// <summary>Random graphs: each revision revises one earlier revision, merges two or three heads, or starts a root; some depend on earlier revisions; some carry labels.</summary>
    public static IEnumerable<DifferentialGraph> Random(int count, int seed)
    {
        var random = new Random(seed);
        for (var g = 0; g < count; g++)
        {
            var revisions = new List<GraphRevision>();
            var size = random.Next(6, 11);
            for (var i = 0; i < size; i++)
            {
                var id = $"r{g}x{i:D2}";
                var heads = revisions.Where(r => !revisions.Any(c => c.Down.Contains(r.Id))).Select(r => r.Id).ToList();
                string[] down;
                var roll = random.NextDouble();
                if (revisions.Count == 0 || roll < 0.08)
                {
                    down = [];
                }
                else if (heads.Count >= 2 && roll < 0.25)
                {
                    down = heads.OrderBy(_ => random.Next()).Take(random.Next(2, Math.Min(3, heads.Count) + 1)).ToArray();
                }
                else
                {
                    down = [revisions[random.Next(revisions.Count)].Id];
                }

                var ancestors = Ancestors(revisions, down);
                var depends = revisions.Count > 2 && random.NextDouble() < 0.15
                    ? revisions.Where(r => !ancestors.Contains(r.Id)).Select(r => r.Id).OrderBy(_ => random.Next()).Take(1).ToArray()
                    : [];
                var labels = random.NextDouble() < 0.15 ? new[] { $"lbl{g}x{i}" } : [];
                revisions.Add(new GraphRevision(id, down, labels, depends));
            }

            yield return new DifferentialGraph($"random {g} (seed {seed})", revisions);
        }
    }

    private static HashSet<string> Ancestors(List<GraphRevision> revisions, string[] start)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(start);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (seen.Add(id))
            {
                var revision = revisions.First(r => r.Id == id);
                foreach (var next in revision.Down.Concat(revision.Depends))
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }
}
