using MiniApiServer.Storage.Postgres;
using Npgsql;

namespace MiniApiServer.UnitTests.Storage;

public sealed class PostgresConnectionSettingsTests
{
    [Fact]
    public void ServerConnections_PrepareTheirStatementsAndEndStalledTransactions()
    {
        var settings = new NpgsqlConnectionStringBuilder(
            PostgresBackend.ConnectionSettings(PostgresConnectionString.FromUri("postgresql://kube@127.0.0.1:5433/cluster")));

        Assert.Equal(32, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal(@"-c idle_in_transaction_session_timeout=10000 -c default_transaction_isolation=read\ committed", settings.Options);
        Assert.Equal("cluster", settings.Database);
    }

    [Fact]
    public void UsersPreparationAndOptions_AreKept()
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresBackend.ConnectionSettings(PostgresConnectionString.FromUri(
            "postgresql://kube@127.0.0.1/cluster?Max%20Auto%20Prepare=0&Options=-c%20statement_timeout%3D5000")));

        Assert.Equal(0, settings.MaxAutoPrepare);
        Assert.Equal(2, settings.AutoPrepareMinUsages);
        Assert.Equal(@"-c statement_timeout=5000 -c idle_in_transaction_session_timeout=10000 -c default_transaction_isolation=read\ committed", settings.Options);

        var minUsages = new NpgsqlConnectionStringBuilder(PostgresBackend.ConnectionSettings(PostgresConnectionString.FromUri(
            "postgresql://kube@127.0.0.1/cluster?Auto%20Prepare%20Min%20Usages=7")));
        Assert.Equal(32, minUsages.MaxAutoPrepare);
        Assert.Equal(7, minUsages.AutoPrepareMinUsages);

        var reset = new NpgsqlConnectionStringBuilder(PostgresBackend.ConnectionSettings(PostgresConnectionString.FromUri(
            "postgresql://kube@127.0.0.1/cluster?No%20Reset%20On%20Close=false")));
        Assert.False(reset.NoResetOnClose);
    }
}
