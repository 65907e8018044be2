using PSMigrate.Engine.Planning;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// The disagreements with Alembic 1.8.1 the differential run found, and the target forms it
/// showed missing, each pinned to Alembic's own answer (which the differential test checks
/// against Alembic itself where it is installed).
/// </summary>
public sealed class AlembicConformanceTests
{
    /// <summary>Alembic's DependsOnBranchTest: c2 depends on c1 of the other line.</summary>
    private static readonly string[] DependsOnBranch = ["a1@lib1", "b1:a1", "c1:b1", "d1:c1", "e1:d1", "f1:e1", "a2@lib2", "b2:a2", "c2:b2>c1"];

    /// <summary>Two roots, the second depending on the first one's line.</summary>
    private static readonly string[] DependentRoots = ["base1", "b1:base1", "base2>b1", "b2:base2"];

    /// <summary>Alembic issue 379: a merge of a revision and one that only depends on it.</summary>
    private static readonly string[] MergeOfADependency = ["a1", "b1>a1", "bmerge:a1,b1"];

    /// <summary>Alembic's BranchedPathTest.</summary>
    private static readonly string[] Branched = ["a", "b:a", "c1:b@c1branch", "d1:c1", "c2:b@c2branch", "d2:c2"];

    private static MigrationPlanner Planner(string[] spec) => new(GraphBuilder.Build(spec));

    private static string Ids(IEnumerable<MigrationStep> steps) => string.Join(",", steps.Select(s => s.Revision.Revision));

    private static string[] Heads(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("c2", "b2", "c2", "b2,c1")]
    [InlineData("c2,f1", "b2", "c2", "b2,f1")]
    public void RevertingARevisionKeepsWhatItDependedOnImplied(string current, string target, string steps, string after)
    {
        var plan = Planner(DependsOnBranch).PlanDowngrade(target, Heads(current));
        Assert.Equal(steps, Ids(plan.Steps));
        Assert.Equal(after, string.Join(",", plan.HeadsAfter));
    }

    [Fact]
    public void RevertingTheFirstRootKeepsTheSecondRootsRowsRight()
    {
        var plan = Planner(DependentRoots).PlanDowngrade("base1", ["base2"]);
        Assert.Equal("base2,b1", Ids(plan.Steps));
        Assert.Equal(["base1"], plan.HeadsAfter);
    }

    [Fact]
    public void DowngradingToARevisionRevertsWhatLiesAboveItNotWhatOnlyDependsOnIt()
    {
        var plan = Planner(MergeOfADependency).PlanDowngrade("a1", ["bmerge"]);
        Assert.Equal("bmerge", Ids(plan.Steps));
        Assert.Equal(["a1", "b1"], plan.HeadsAfter);
    }

    [Fact]
    public void LabelAtBaseMeansBeforeTheBranchForUpgradesAndStamps()
    {
        var planner = Planner(Branched);
        Assert.Empty(planner.PlanUpgrade("c1branch@base", ["b"]).Steps);
        Assert.Equal(["c2"], planner.PlanStamp("c1branch@base", ["c2", "d1"], purge: false));
    }

    [Fact]
    public void UpgradeRefusesMinusN()
    {
        var error = Assert.Throws<MigrationException>(() => Planner(Branched).PlanUpgrade("-2", ["d1"]));
        Assert.Equal("PSMigrate.DowngradeTargetForUpgrade", error.ErrorId);
        Assert.Contains("Undo-Migration", error.Message);
    }

    public static TheoryData<string, string, string, string, string> TargetForms => new()
    {
        // direction, current heads, target, steps, heads after
        { "down", "d1,d2", "d1@b", "d1,c1", "d2" },
        { "down", "c1,d2", "c1branch@b", "c1", "d2" },
        { "down", "d1,d2", "c2branch@head-1", "d2", "c2,d1" },
        { "down", "d1,d2", "c1@base", "d1,c1", "d2" },
        { "down", "d1,d2", "c2branch@c2", "d2", "c2,d1" },
        { "up", "", "c2branch@base+3", "a,b,c2", "c2" },
        { "up", "", "base+2", "a,b", "b" },
        { "up", "c1", "c1branch@heads", "d1", "d1" },
        { "up", "b", "c2branch", "c2", "c2" },
        { "up", "", "c1@head", "a,b,c1,d1", "d1" },
        { "up", "b", "c2branch@+1", "c2", "c2" },
        { "up", "", "d2-1", "a,b,c2", "c2" },
    };

    [Theory]
    [MemberData(nameof(TargetForms))]
    public void EveryTargetFormOfAlembicWorks(string direction, string current, string target, string steps, string after)
    {
        var planner = Planner(Branched);
        var plan = direction == "up" ? planner.PlanUpgrade(target, Heads(current)) : planner.PlanDowngrade(target, Heads(current));
        Assert.Equal(steps, Ids(plan.Steps));
        Assert.Equal(after, string.Join(",", plan.HeadsAfter));
    }

    [Theory]
    [InlineData("c1", "c1branch", "c1")]
    [InlineData("d2", "c1branch", "c1,d2")]
    [InlineData("b", "d1@head", "d1")]
    public void StampTakesLabelsAndBranchesToo(string current, string target, string after) =>
        Assert.Equal(Heads(after), Planner(Branched).PlanStamp(target, Heads(current), purge: false));
}
