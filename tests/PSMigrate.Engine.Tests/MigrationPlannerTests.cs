using PSMigrate.Engine.Planning;

namespace PSMigrate.Engine.Tests;

public sealed class MigrationPlannerTests
{
    private static readonly string[] Linear = ["a", "b:a", "c:b", "d:c"];
    private static readonly string[] Branched = ["a", "b:a", "c:b@left", "d:c", "x:b@right", "y:x"];
    private static readonly string[] Merged = ["a", "b:a", "c:a", "m:b,c", "n:m"];
    private static readonly string[] Dependent = ["a", "b:a@core", "p@plugin", "q:p>b", "r:q"];

    public static TheoryData<string[], string, string, string, string> Upgrades => new()
    {
        // spec, current heads, target, expected steps, expected heads after
        { Linear, "", "head", "a,b,c,d", "d" },
        { Linear, "b", "head", "c,d", "d" },
        { Linear, "", "+2", "a,b", "b" },
        { Linear, "b", "+1", "c", "c" },
        { Linear, "", "c", "a,b,c", "c" },
        { Linear, "a", "b+1", "b,c", "c" },
        { Linear, "", "d-1", "a,b,c", "c" },
        { Linear, "d", "head", "", "d" },
        { Linear, "d", "b", "", "d" },
        { Branched, "", "heads", "a,b,c,d,x,y", "d,y" },
        { Branched, "", "left@head", "a,b,c,d", "d" },
        { Branched, "d", "right@head", "x,y", "d,y" },
        { Branched, "d", "y", "x,y", "d,y" },
        { Branched, "b", "right@+1", "x", "x" },
        { Branched, "", "right@base", "", "" },
        { Branched, "", "left@c", "a,b,c", "c" },
        { Branched, "", "right@y", "a,b,x,y", "y" },
        { Merged, "", "head", "a,b,c,m,n", "n" },
        { Merged, "b", "m", "c,m", "m" },
        { Dependent, "", "plugin@head", "a,b,p,q,r", "r" },
        { Dependent, "", "core@head", "a,b", "b" },
    };

    [Theory]
    [MemberData(nameof(Upgrades))]
    public void UpgradesApplyWhatTheTargetNeedsInOrder(string[] spec, string current, string target, string steps, string after)
    {
        var plan = new MigrationPlanner(GraphBuilder.Build(spec)).PlanUpgrade(target, Heads(current));
        Assert.Equal(steps, string.Join(",", plan.Steps.Select(s => s.Revision.Revision)));
        Assert.Equal(after, string.Join(",", plan.HeadsAfter));
        Assert.All(plan.Steps, s => Assert.Equal(MigrationDirection.Upgrade, s.Direction));
        AssertHeadsChain(plan, current);
    }

    public static TheoryData<string[], string, string, string, string> Downgrades => new()
    {
        { Linear, "d", "base", "d,c,b,a", "" },
        { Linear, "d", "-1", "d", "c" },
        { Linear, "d", "-3", "d,c,b", "a" },
        { Linear, "d", "-4", "d,c,b,a", "" },
        { Linear, "d", "b", "d,c", "b" },
        { Linear, "d", "d-2", "d,c", "b" },
        { Linear, "b", "b", "", "b" },
        { Branched, "d,y", "left@-1", "d", "c,y" },
        { Branched, "d,y", "right@base", "y,x", "d" },
        { Branched, "d,y", "c", "d", "c,y" },
        { Branched, "d,y", "right@x", "y", "d,x" },
        { Branched, "d,y", "b", "y,x,d,c", "b" },
        { Branched, "d,y", "base", "y,x,d,c,b,a", "" },
        { Merged, "n", "-2", "n,m", "b,c" },
        { Merged, "n", "b", "n,m", "b,c" },
        { Dependent, "b,r", "core@base", "r,q,b,a", "p" },
        { Dependent, "b,r", "plugin@-1", "r", "b,q" },
    };

    [Theory]
    [MemberData(nameof(Downgrades))]
    public void DowngradesRevertNewestFirstAndKeepOtherBranches(string[] spec, string current, string target, string steps, string after)
    {
        var plan = new MigrationPlanner(GraphBuilder.Build(spec)).PlanDowngrade(target, Heads(current));
        Assert.Equal(steps, string.Join(",", plan.Steps.Select(s => s.Revision.Revision)));
        Assert.Equal(after, string.Join(",", plan.HeadsAfter));
        AssertHeadsChain(plan, current);
    }

    public static TheoryData<string[], string, string, string, string> BadTargets => new()
    {
        { Branched, "", "head", "MultipleHeads", "d 'revision d', y 'revision y'" },
        { Linear, "", "zzz", "UnknownTarget", "'zzz'" },
        { ["abc1", "abc2:abc1"], "", "abc", "AmbiguousTarget", "abc1 'revision abc1', abc2" },
        { Linear, "", "+5", "RelativePastHead", "only 4" },
        { Branched, "", "+3", "RelativeAtBranchPoint", "b is a branch point" },
        { Branched, "d,y", "+1", "RelativeFromSeveralHeads", "d 'revision d', y" },
        { Linear, "", "nolabel@head", "UnknownBranchLabel", "'nolabel'" },
        { Branched, "", "nolabel@head", "UnknownBranchLabel", "known labels: left, right" },
        { Linear, "", "", "EmptyTarget", "empty" },
        { Branched, "", "left@y", "NotOnBranch", "not on branch 'left'" },
    };

    [Theory]
    [MemberData(nameof(BadTargets))]
    public void BadUpgradeTargetsSayWhatIsWrong(string[] spec, string current, string target, string errorId, string detail)
    {
        var error = Assert.Throws<MigrationException>(() => new MigrationPlanner(GraphBuilder.Build(spec)).PlanUpgrade(target, Heads(current)));
        Assert.Equal("PSMigrate." + errorId, error.ErrorId);
        Assert.Equal(MigrationErrorKind.InvalidTarget, error.Kind);
        Assert.Contains(detail, error.Message);
    }

    public static TheoryData<string[], string, string, string, string> BadDowngrades => new()
    {
        { Linear, "d", "-5", "RelativePastBase", "only 4" },
        { Linear, "b", "c", "TargetNotApplied", "(c): it is not applied" },
        { Linear, "d", "head", "DowngradeToHead", "'head'" },
        { Linear, "", "-1", "NothingApplied", "nothing is applied" },
        { Merged, "n", "-3", "RelativeAtMergePoint", "m is a merge point" },
        { Branched, "d,y", "-1", "RelativeFromSeveralHeads", "several heads" },
    };

    [Theory]
    [MemberData(nameof(BadDowngrades))]
    public void BadDowngradeTargetsSayWhatIsWrong(string[] spec, string current, string target, string errorId, string detail)
    {
        var error = Assert.Throws<MigrationException>(() => new MigrationPlanner(GraphBuilder.Build(spec)).PlanDowngrade(target, Heads(current)));
        Assert.Equal("PSMigrate." + errorId, error.ErrorId);
        Assert.Contains(detail, error.Message);
    }

    [Fact]
    public void DatabaseAtAnUnknownRevisionIsReported()
    {
        var error = Assert.Throws<MigrationException>(() => new MigrationPlanner(GraphBuilder.Build(Linear)).PlanUpgrade("head", ["ffff"]));
        Assert.Equal("PSMigrate.UnknownDatabaseRevision", error.ErrorId);
        Assert.Contains("Set-MigrationVersion", error.Message);
    }

    [Theory]
    [InlineData("", "c", false, "c")]
    [InlineData("d,y", "c", false, "c,y")]
    [InlineData("d,y", "c", true, "c")]
    [InlineData("d,y", "base", false, "")]
    [InlineData("d", "right@head", false, "d,y")]
    public void StampKeepsUnrelatedBranchesUnlessPurged(string current, string target, bool purge, string after)
    {
        var heads = new MigrationPlanner(GraphBuilder.Build(Branched)).PlanStamp(target, Heads(current), purge);
        Assert.Equal(after, string.Join(",", heads));
    }

    /// <summary>
    /// The planner takes a short cut along straight lines (one head, one predecessor); on random
    /// graphs with branches, merges and dependencies, every step of every plan, up to the heads
    /// and back to base, must move the heads exactly as the general rule for one step does.
    /// </summary>
    [Fact]
    public void EveryPlannedStepMovesTheHeadsAsTheGeneralRuleDoes()
    {
        var random = new Random(20261124);
        for (var graphs = 0; graphs < 300; graphs++)
        {
            var graph = GraphBuilder.Build(RandomGraph(random, random.Next(1, 25)));
            var planner = new MigrationPlanner(graph);
            var up = planner.PlanUpgrade("heads", []);
            AssertEachStepAgrees(planner, up);
            AssertEachStepAgrees(planner, planner.PlanDowngrade("base", up.HeadsAfter.ToArray()));

            var partway = graph.Revisions[random.Next(graph.Revisions.Count)];
            var heads = planner.PlanUpgrade(partway.Revision, []).HeadsAfter.ToArray();
            AssertEachStepAgrees(planner, planner.PlanUpgrade("heads", heads));
            AssertEachStepAgrees(planner, planner.PlanDowngrade("base", heads));
        }
    }

    private static void AssertEachStepAgrees(MigrationPlanner planner, MigrationPlan plan)
    {
        foreach (var step in plan.Steps)
        {
            Assert.Equal(planner.HeadsAfter(step.HeadsBefore.ToArray(), step.Revision, step.Direction), step.HeadsAfter);
        }
    }

    // Mostly a chain (the short cut's case), with side branches, merges and dependencies.
    private static string[] RandomGraph(Random random, int count)
    {
        var specs = new List<string> { "r0" };
        for (var i = 1; i < count; i++)
        {
            var parent = random.Next(4) == 0 ? random.Next(i) : i - 1;
            var parents = random.Next(6) == 0 && i > 2 ? $"r{parent},r{(parent + 1 + random.Next(i - 1)) % i}" : $"r{parent}";
            var spec = random.Next(10) == 0 ? $"r{i}" : $"r{i}:{string.Join(",", parents.Split(',').Distinct())}";
            if (random.Next(8) == 0 && i > 1)
            {
                spec += $">r{random.Next(i)}";
            }

            specs.Add(spec);
        }

        return [.. specs];
    }

    private static string[] Heads(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertHeadsChain(MigrationPlan plan, string current)
    {
        var heads = Heads(current).Order(StringComparer.Ordinal).ToArray();
        foreach (var step in plan.Steps)
        {
            Assert.Equal(heads, step.HeadsBefore.Order(StringComparer.Ordinal));
            heads = step.HeadsAfter.Order(StringComparer.Ordinal).ToArray();
        }

        Assert.Equal(heads, plan.HeadsAfter.Order(StringComparer.Ordinal));
    }
}
