using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

public sealed class RevisionGraphTests
{
    public static TheoryData<string, string[], string, string, string> Shapes => new()
    {
        // name, spec, heads, bases, order constraint check (parents-before-children is checked for all)
        { "linear", ["a", "b:a", "c:b"], "c", "a", "a,b,c" },
        { "diamond", ["a", "b:a", "c:a", "m:b,c"], "m", "a", "" },
        { "two roots", ["a", "b:a", "x", "y:x"], "b,y", "a,x", "" },
        { "open branches", ["a", "b:a", "c:a"], "b,c", "a", "" },
        { "merge of merges", ["a", "b:a", "c:a", "d:a", "m1:b,c", "m2:m1,d"], "m2", "a", "" },
        { "depends across branches", ["a", "b:a", "x", "y:x>b"], "b,y", "a,x", "" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void HeadsBasesAndOrderFollowTheLinks(string name, string[] spec, string heads, string bases, string order)
    {
        var graph = GraphBuilder.Build(spec);
        Assert.True(heads == string.Join(",", graph.Heads.Select(h => h.Revision).Order()), name);
        Assert.Equal(bases, string.Join(",", graph.Bases.Select(h => h.Revision).Order()));
        var position = graph.Revisions.Select((r, i) => (r.Revision, i)).ToDictionary(p => p.Revision, p => p.i);
        foreach (var revision in graph.Revisions)
        {
            Assert.All(graph.PrerequisitesOf(revision), parent => Assert.True(position[parent.Revision] < position[revision.Revision]));
        }

        if (order.Length > 0)
        {
            Assert.Equal(order, string.Join(",", graph.Revisions.Select(r => r.Revision)));
        }
    }

    [Fact]
    public void ShapeFlagsMarkBranchAndMergePoints()
    {
        var graph = GraphBuilder.Build("a", "b:a", "c:a", "m:b,c");
        Assert.True(graph.Find("a")!.IsBranchPoint);
        Assert.True(graph.Find("a")!.IsBase);
        Assert.True(graph.Find("m")!.IsMergePoint);
        Assert.True(graph.Find("m")!.IsHead);
        Assert.False(graph.Find("b")!.IsHead);
    }

    public static TheoryData<string[], string, string, string> BrokenGraphs => new()
    {
        { ["a", "b:zz"], "MissingDownRevision", "/test/versions/b.sql", "'zz'" },
        { ["a:c", "b:a", "c:b"], "RevisionCycle", "/test/versions/", "cycle" },
        { ["a:a"], "RevisionCycle", "/test/versions/a.sql", "itself" },
        { ["a@x", "b:a@x"], "DuplicateBranchLabel", "/test/versions/b.sql", "'x'" },
        { ["a", "b:a>nothere"], "MissingDependency", "/test/versions/b.sql", "'nothere'" },
        { ["a@b", "b:a"], "BranchLabelIsRevisionId", "/test/versions/a.sql", "'b'" },
        { ["a", "b:a", "c:b>c2", "c2:c"], "RevisionCycle", "/test/versions/", "cycle" },
    };

    [Theory]
    [MemberData(nameof(BrokenGraphs))]
    public void BrokenGraphsAreRejectedNamingTheFileAndTheFix(string[] spec, string errorId, string file, string detail)
    {
        var error = Assert.Throws<MigrationException>(() => GraphBuilder.Build(spec));
        Assert.Equal("PSMigrate." + errorId, error.ErrorId);
        Assert.Equal(MigrationErrorKind.InvalidRevisionGraph, error.Kind);
        Assert.StartsWith(file, error.FilePath);
        Assert.Contains(detail, error.Message);
    }

    [Fact]
    public void DuplicateIdsNameBothFiles()
    {
        var first = GraphBuilder.Revision("a");
        var second = RevisionFileParser.Parse("/test/versions/a_copy.sql", "-- Revision ID: a\n-- Revises:\n-- migrate:upgrade\n-- migrate:downgrade\n");
        var error = Assert.Throws<MigrationException>(() => RevisionGraph.Build([first, second], "/test/versions"));
        Assert.Equal("PSMigrate.DuplicateRevision", error.ErrorId);
        Assert.Contains("/test/versions/a.sql", error.Message);
        Assert.Contains("/test/versions/a_copy.sql", error.Message);
    }

    [Fact]
    public void PrefixLookupFindsAllMatches()
    {
        var graph = GraphBuilder.Build("abc1", "abc2:abc1", "abd3:abc2");
        Assert.Equal(["abc1", "abc2"], graph.FindByPrefix("abc").Select(r => r.Revision));
        Assert.Equal(["abd3"], graph.FindByPrefix("abd").Select(r => r.Revision));
        Assert.Empty(graph.FindByPrefix("abe"));
        Assert.Equal(["abc1"], graph.FindByPrefix("abc1").Select(r => r.Revision));
    }
}
