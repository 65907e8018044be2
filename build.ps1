#Requires -Version 7.6
<#
.SYNOPSIS
    Builds PSMigrate, stages the importable module at module/PSMigrate, and optionally runs the
    tests or the quickstart. The same steps as the dotnet commands in README.md.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',
    [switch] $Test,
    [switch] $Quickstart
)

$ErrorActionPreference = 'Stop'
Push-Location $PSScriptRoot
try {
    dotnet build PSMigrate.sln --configuration $Configuration
    if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE" }

    if ($Test) {
        dotnet test PSMigrate.sln --configuration $Configuration --no-build
        if ($LASTEXITCODE -ne 0) { throw "dotnet test failed with exit code $LASTEXITCODE" }
    }

    if ($Quickstart) {
        & (Join-Path $PSScriptRoot 'examples/quickstart.ps1')
    }
}
finally {
    Pop-Location
}
