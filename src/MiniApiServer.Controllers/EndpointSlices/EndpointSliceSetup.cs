using Microsoft.Extensions.DependencyInjection;

namespace MiniApiServer.Controllers.EndpointSlices;

public static class EndpointSliceSetup
{
    public static void Add(IServiceCollection services) => services.AddSingleton<IControlLoop, EndpointSliceController>();
}
