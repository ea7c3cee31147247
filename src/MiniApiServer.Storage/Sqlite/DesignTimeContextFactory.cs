using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>Lets `dotnet ef migrations add NAME --project src/MiniApiServer.Storage` build the model without the server.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<ClusterDbContext>
{
    public ClusterDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ClusterDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
