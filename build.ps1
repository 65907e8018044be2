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
    [switch] $Quickstart,
    # Writes artifacts/PSMigrate.<version>.nupkg, which Install-PSResource and Install-Module
    # accept from a local repository (Register-PSResourceRepository -Uri ./artifacts).
    [switch] $Package
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

    if ($Package) {
        dotnet pack src/PSMigrate/PSMigrate.csproj --configuration $Configuration --no-build --output (Join-Path $PSScriptRoot 'artifacts')
        if ($LASTEXITCODE -ne 0) { throw "dotnet pack failed with exit code $LASTEXITCODE" }
    }

    if ($Quickstart) {
        & (Join-Path $PSScriptRoot 'examples/quickstart.ps1')
    }
}
finally {
    Pop-Location
}
