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

        # The Pester suite, against the module just staged. (The xunit run above also runs these
        # files, through a stand-in for Pester, so CI covers them where Pester is not installed.)
        $pester = Get-Module Pester -ListAvailable | Where-Object Version -ge '5.0' | Sort-Object Version -Descending | Select-Object -First 1
        if ($pester) {
            $env:PSMIGRATE_MODULE = Join-Path $PSScriptRoot 'module/PSMigrate/PSMigrate.psd1'
            Import-Module $pester
            $run = Invoke-Pester -Path (Join-Path $PSScriptRoot 'tests/Pester') -Output Detailed -PassThru
            if ($run.FailedCount -gt 0) { throw "Pester: $($run.FailedCount) test(s) failed" }
        }
        else {
            Write-Warning 'Pester 5 is not installed, so tests/Pester was not run with it (Install-PSResource Pester -Version 5.*).'
        }
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
