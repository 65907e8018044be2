using System.Management.Automation;
using PSMigrate.Engine.Planning;
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

    /// <summary>The body of a PowerShell revision's Upgrade function; writes a .ps1 revision.</summary>
    [Parameter]
    public ScriptBlock? Upgrade { get; set; }

    /// <summary>The body of a PowerShell revision's Downgrade function.</summary>
    [Parameter]
    public ScriptBlock? Downgrade { get; set; }

    /// <summary>Sql (a .sql file) or PowerShell (a .ps1 file from a template); -Upgrade/-Downgrade imply PowerShell.</summary>
    [Parameter]
    [ValidateSet("Sql", "PowerShell")]
    public string? Kind { get; set; }

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var author = new RevisionAuthor(graph);
        var powerShell = Upgrade is not null || Downgrade is not null || string.Equals(Kind, "PowerShell", StringComparison.OrdinalIgnoreCase);
        if (powerShell && (UpgradeSql is not null || DowngradeSql is not null || string.Equals(Kind, "Sql", StringComparison.OrdinalIgnoreCase)))
        {
            throw new MigrationException(MigrationErrors.MixedRevisionKinds,
                "A revision is either SQL (-UpgradeSql/-DowngradeSql) or PowerShell (-Upgrade/-Downgrade scriptblocks, or -Kind PowerShell), not both.", Message);
        }

        var request = author.Prepare(Message, author.ParentsFor(Head), RevisionId, BranchLabel, DependsOn,
            powerShell ? Upgrade?.ToString() : UpgradeSql, powerShell ? Downgrade?.ToString() : DowngradeSql);
        if (powerShell)
        {
            request = request with { Kind = RevisionKind.PowerShell };
        }

        if (!ShouldProcess(project.VersionsDirectory, $"Create revision {request.Revision} '{request.Message}'"))
        {
            return;
        }

        RevisionFileWriter.Write(project.VersionsDirectory, request);
        WriteObject(project.LoadRevisions().Find(request.Revision));
    }
}
