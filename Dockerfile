# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# Release compiles every assembly ReadyToRun for the SDK image's platform (src/MiniApiServer/MiniApiServer.csproj).
RUN dotnet publish src/MiniApiServer/MiniApiServer.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# Inside a container the server must listen on all interfaces; the port is published by the runtime.
ENV URLS=http://0.0.0.0:8080 \
    DB=/data/cluster.db \
    NODES=3
RUN mkdir -p /data && chown -R app:app /data
USER app
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["dotnet", "/app/MiniApiServer.dll", "probe", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["dotnet", "/app/MiniApiServer.dll"]
