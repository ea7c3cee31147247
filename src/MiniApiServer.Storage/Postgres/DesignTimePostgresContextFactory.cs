using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MiniApiServer.Storage.Postgres;

/// <summary>For `dotnet ef migrations add NAME --context PostgresClusterDbContext`; no server is contacted.</summary>
public sealed class DesignTimePostgresContextFactory : IDesignTimeDbContextFactory<PostgresClusterDbContext>
{
    public PostgresClusterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresClusterDbContext>().UseNpgsql("Host=127.0.0.1;Database=design_time").Options);
}
