namespace MiniApiServer.Ui;

/// <summary>Wiring for the fleet page; UseFleetUi goes before authentication (see FleetUiMiddleware).</summary>
public static class FleetUiSetup
{
    public static IServiceCollection AddFleetUi(this IServiceCollection services) => services.AddSingleton<FleetUiAssets>();

    public static WebApplication UseFleetUi(this WebApplication app)
    {
        app.UseMiddleware<FleetUiMiddleware>();
        return app;
    }
}
