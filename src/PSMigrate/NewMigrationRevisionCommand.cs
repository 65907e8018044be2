using System.Management.Automation;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>Writes a new revision file into versions/ and returns it.</summary>
[Cmdlet(VerbsCommon.New, "MigrationRevision", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = WrittenSet)]
[OutputType(typeof(MigrationRevision))]
public sealed class NewMigrationRevisionCommand : MigrationCommandBase
{
    private const string WrittenSet = "Written";
    private const string AutogenerateSet = "Autogenerate";

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

    [Parameter(ParameterSetName = WrittenSet)]
    public string? UpgradeSql { get; set; }

    [Parameter(ParameterSetName = WrittenSet)]
    public string? DowngradeSql { get; set; }

    /// <summary>The body of a PowerShell revision's Upgrade function; writes a .ps1 revision.</summary>
    [Parameter(ParameterSetName = WrittenSet)]
    public ScriptBlock? Upgrade { get; set; }

    /// <summary>The body of a PowerShell revision's Downgrade function.</summary>
    [Parameter(ParameterSetName = WrittenSet)]
    public ScriptBlock? Downgrade { get; set; }

    /// <summary>Sql (a .sql file) or PowerShell (a .ps1 file from a template); -Upgrade/-Downgrade imply PowerShell.</summary>
    [Parameter(ParameterSetName = WrittenSet)]
    [ValidateSet("Sql", "PowerShell")]
    public string? Kind { get; set; }

    /// <summary>
    /// Writes the Upgrade and Downgrade for you: the revisions at -Head are replayed into a scratch
    /// database and compared with -DesiredSchema (or -ReferenceConnectionString); the revision
    /// goes from the one to the other with the operation cmdlets, and back.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AutogenerateSet)]
    public SwitchParameter Autogenerate { get; set; }

    /// <summary>The schema wanted: a .sql file, or a folder of them run in name order.</summary>
    [Parameter(ParameterSetName = AutogenerateSet)]
    [ValidateNotNullOrEmpty]
    public string? DesiredSchema { get; set; }

    /// <summary>A database that has the schema wanted (a dev box set up by hand).</summary>
    [Parameter(ParameterSetName = AutogenerateSet)]
    [ValidateNotNullOrEmpty]
    public string? ReferenceConnectionString { get; set; }

    /// <summary>'old=new' (a table) or 'table.old=new' (a column): write a rename that keeps the rows, not a drop and an add.</summary>
    [Parameter(ParameterSetName = AutogenerateSet)]
    [AllowEmptyCollection]
    public string[] Rename { get; set; } = [];

    /// <summary>Writes a revision that drops tables or columns without asking (needed where nobody can be asked).</summary>
    [Parameter(ParameterSetName = AutogenerateSet)]
    public SwitchParameter AllowDataLoss { get; set; }

    /// <summary>Where the scratch database goes (a PostgreSQL or SQL Server server); default: the configured one. SQLite needs none.</summary>
    [Parameter(ParameterSetName = AutogenerateSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionString { get; set; }

    [Parameter(ParameterSetName = AutogenerateSet)]
    public DatabaseProvider? Provider { get; set; }

    /// <summary>A database PSMigrate may use for scratch work, for a role that may not create databases.</summary>
    [Parameter(ParameterSetName = AutogenerateSet)]
    [ValidateNotNullOrEmpty]
    public string? DevConnectionString { get; set; }

    protected override void Process()
    {
        var project = Project();
        var graph = project.LoadRevisions();
        var author = new RevisionAuthor(graph);
        if (Autogenerate)
        {
            Generate(project, graph, author);
            return;
        }

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

    private void Generate(MigrationProject project, RevisionGraph graph, RevisionAuthor author)
    {
        if ((DesiredSchema is null) == (ReferenceConnectionString is null))
        {
            throw new MigrationException(MigrationErrors.InvalidArgument,
                "-Autogenerate compares the revisions at head with the schema wanted: give -DesiredSchema <file or folder> or -ReferenceConnectionString, one of them.", Message);
        }

        var settings = ConfigurationFile.Read(project.ConfigPath);
        var database = DatabaseTargetResolver.Resolve(settings, project.Directory, CurrentDirectory, ConnectionString,
            Environment.GetEnvironmentVariable(MigrationSettings.ConnectionStringVariable), Provider?.ToEngine(), connectionOptional: true);
        var parents = author.ParentsFor(Head);
        var inspector = new SchemaInspector(graph, database, new PowerShellRevisionRunner())
        {
            DevConnectionString = DevConnectionString ?? database.DevConnectionString,
            Progress = WriteVerbose,
        };
        var before = inspector.AtRevisions(parents, StopRequested);
        var desired = DesiredSchema is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(DesiredSchema);
        var after = desired is not null ? inspector.Desired(desired, StopRequested) : inspector.Reference(ReferenceConnectionString!, StopRequested);
        var change = SchemaChange.Generate(before, after, Rename, database);
        foreach (var possible in change.Differences.Where(d => d.Kind == SchemaDifferenceKind.PossibleRename))
        {
            WriteWarning(possible.Description);
        }

        foreach (var warning in change.Warnings)
        {
            WriteWarning("Not written as an operation: " + warning);
        }

        if (change.IsEmpty)
        {
            Inform($"No schema change: the revisions at {(parents.Count == 0 ? "base" : string.Join(", ", parents))} already give {(desired ?? "the reference database")}. No revision written.");
            return;
        }

        foreach (var difference in change.Differences)
        {
            WriteVerbose(difference.Description);
        }

        if (change.DataLoss.Count > 0 && !AllowDataLoss && !MayLoseData(change.DataLoss))
        {
            return;
        }

        var request = author.Prepare(Message, parents, RevisionId, BranchLabel, DependsOn, change.Upgrade, change.Downgrade) with { Kind = RevisionKind.PowerShell };
        if (!ShouldProcess(project.VersionsDirectory, $"Create revision {request.Revision} '{request.Message}' ({change.Differences.Count} change(s))"))
        {
            return;
        }

        RevisionFileWriter.Write(project.VersionsDirectory, request);
        WriteObject(project.LoadRevisions().Find(request.Revision));
    }

    /// <summary>Asks before writing a revision that loses data; where nobody can be asked, refuses and says what would be lost.</summary>
    private bool MayLoseData(IReadOnlyList<SchemaDifference> losses)
    {
        var list = string.Join(" ", losses.Select(l => l.Description));
        if (!HostCanAsk())
        {
            throw new MigrationException(MigrationErrors.DataLossRefused,
                $"The generated revision would lose data: {list} Nobody can be asked in this session: pass -AllowDataLoss to write it anyway, or -Rename 'old=new' where it is a rename.", losses[0]);
        }

        return ShouldContinue($"The generated revision would lose data: {list} Write it?", "Revision loses data");
    }
}
