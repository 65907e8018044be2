using System.Management.Automation;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>Writes a merge revision that revises several heads, joining their branches again.</summary>
[Cmdlet(VerbsData.Merge, "MigrationRevision", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MigrationRevision))]
public sealed class MergeMigrationRevisionCommand : MigrationCommandBase
{
    /// <summary>The revisions to merge; default: every current head.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string[]? Revision { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Message { get; set; } = "merge heads";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RevisionId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] BranchLabel { get; set; } = [];

    private readonly List<string> piped = [];

    protected override void Process()
    {
        if (Revision is not null)
        {
            piped.AddRange(Revision);
        }
    }

    protected override void EndProcessing() => Guarded(Merge);

    private void Merge()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var resolver = new RevisionTargetResolver(graph);
        var parents = piped.Count == 0
            ? graph.Heads.Select(h => h.Revision).ToArray()
            : piped.SelectMany(p => resolver.ResolveRevisions(p, [])).Select(r => r.Revision).Distinct(StringComparer.Ordinal).ToArray();

        if (parents.Length < 2)
        {
            throw new MigrationException(MigrationErrors.NothingToMerge,
                $"A merge needs at least two revisions; {(piped.Count == 0 ? $"there is {graph.Heads.Count} head" : $"got {string.Join(", ", parents)}")}.",
                graph.Source);
        }

        var request = new RevisionAuthor(graph).Prepare(Message, parents, RevisionId, BranchLabel, [], null, null);
        if (!ShouldProcess(project.VersionsDirectory, $"Create merge revision {request.Revision} of {string.Join(", ", parents)}"))
        {
            return;
        }

        RevisionFileWriter.Write(project.VersionsDirectory, request with
        {
            UpgradeBody = "-- A merge revision usually needs no SQL.",
            DowngradeBody = "-- A merge revision usually needs no SQL.",
        });
        WriteObject(project.LoadRevisions().Find(request.Revision));
    }
}
