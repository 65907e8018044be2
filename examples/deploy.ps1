#Requires -Version 7.6
<#
.SYNOPSIS
    The release step: check for drift, publish the SQL for review, upgrade, report. Copy it into
    your repository as build/deploy-database.ps1; the GitHub Actions and Azure DevOps examples
    beside it call it there, with PSMigrate installed from the Gallery.
.DESCRIPTION
    The connection string comes from -ConnectionString or, in a pipeline, from the
    PSMIGRATE_CONNECTION_STRING secret variable, never from the repository. Any failure stops
    the script, so 'pwsh -File deploy.ps1' exits non-zero and the pipeline fails.
#>
param(
    [string] $MigrationsPath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'migrations'),
    [string] $ArtifactDirectory = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'psmigrate-artifacts'),
    [string] $ConnectionString,
    [int] $LockTimeout = 600,
    # A release whose revisions destroy rows (a dropped table or column, a DELETE without WHERE)
    # stops before anything runs until someone who reviewed hazards.txt passes this.
    [switch] $AllowDataLoss
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSMigrate)) {
    $staged = [System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'PSMigrate', 'PSMigrate.psd1')
    if ([System.IO.File]::Exists($staged)) { Import-Module $staged } else { Import-Module PSMigrate }
}

$connection = @{ Path = $MigrationsPath }
if ($ConnectionString) { $connection.ConnectionString = $ConnectionString }

# 1. Refuse to deploy over a database whose applied revisions were edited afterwards.
Test-Migration @connection -Strict

# 2. The exact SQL this deployment runs, kept as a pipeline artifact for review and audit.
$null = [System.IO.Directory]::CreateDirectory($ArtifactDirectory)
$script = [System.IO.Path]::Combine($ArtifactDirectory, 'upgrade.sql')
$null = Invoke-MigrationUpgrade @connection -Script -OutFile $script -Force

# 3. What each pending revision would do that someone should know: data destroyed (rows counted
#    now), locks, rewrites, rebuilds; kept beside the SQL.
$hazards = [System.IO.Path]::Combine($ArtifactDirectory, 'hazards.txt')
[System.IO.File]::WriteAllLines($hazards, [string[]]@(Test-Migration @connection -Lint -Severity Info | ForEach-Object { "$($_.Revision) $($_.Severity) $($_.Kind): $($_.Detail)" }))

# 4. Upgrade under the deployment lock; a concurrent deployment waits, then finds nothing to do.
#    Nobody can be asked here, so a plan that destroys data stops (PSMigrate.DataLossNeedsForce)
#    unless -AllowDataLoss was given.
$applied = @(Invoke-MigrationUpgrade @connection -LockTimeout $LockTimeout -Confirm:$false -Force:$AllowDataLoss)

# 5. What happened, for the log.
$current = Get-MigrationHistory @connection | Where-Object IsCurrent
[pscustomobject]@{
    Applied  = $applied.Count
    Current  = @($current | ForEach-Object Revision) -join ', '
    Script   = $script
    Hazards  = $hazards
}
