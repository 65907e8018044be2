using System.Management.Automation;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>Writes a new revision file into versions/ and returns it.</summary>
[Cmdlet(VerbsCommon.New, "MigrationRevision", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(MigrationRevision))]
public sealed class NewMigrationRevisionCommand : MigrationCommandBase
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Message { get; set; } = string.Empty;

    /// <summary>The revision to build on: a revision, 'base' for a new root, or '<label>@head'. Default: the single head.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? Head { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] BranchLabel { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string[] DependsOn { get; set; } = [];

    /// <summary>A chosen id instead of 12 random hex characters.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RevisionId { get; set; }

    [Parameter]
    public string? UpgradeSql { get; set; }

    [Parameter]
    public string? DowngradeSql { get; set; }

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var author = new RevisionAuthor(graph);
        var request = author.Prepare(Message, author.ParentsFor(Head), RevisionId, BranchLabel, DependsOn, UpgradeSql, DowngradeSql);

        if (!ShouldProcess(project.VersionsDirectory, $"Create revision {request.Revision} '{request.Message}'"))
        {
            return;
        }

        var path = RevisionFileWriter.Write(project.VersionsDirectory, request);
        WriteObject(project.LoadRevisions().Find(request.Revision) ?? RevisionFileParser.ParseFile(path));
    }
}
