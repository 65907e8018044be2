using System.Management.Automation;
using PSMigrate.Engine.Planning;

namespace PSMigrate.Commands;

/// <summary>
/// The revisions on disk, newest first; no database needed. A file that does not read is one
/// non-terminating error, and the others are still listed.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MigrationRevision")]
[OutputType(typeof(MigrationRevision))]
public sealed class GetMigrationRevisionCommand : MigrationCommandBase
{
    /// <summary>A target ('head', 'heads', an id or prefix, '<label>@head'...) or a range 'from:to'; default: all revisions.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? Revision { get; set; }

    protected override void Process()
    {
        var (graph, revisions, problems) = Project().ReadRevisionsLeniently();
        foreach (var problem in problems)
        {
            WriteError(ErrorRecords.From(problem));
        }

        if (graph is null)
        {
            if (Revision is not null)
            {
                throw problems[^1];
            }

            foreach (var revision in revisions.OrderByDescending(r => r.CreateDate).ThenByDescending(r => r.Revision, StringComparer.Ordinal))
            {
                WriteObject(revision);
            }

            return;
        }

        if (Revision is null)
        {
            for (var i = graph.Revisions.Count - 1; i >= 0; i--)
            {
                WriteObject(graph.Revisions[i]);
            }

            return;
        }

        foreach (var revision in new RevisionTargetResolver(graph).ResolveRange(Revision))
        {
            WriteObject(revision);
        }
    }
}
