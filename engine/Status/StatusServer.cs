using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Plover.Engine.Status;

/// <summary>
/// The HTTP status endpoint (Kestrel): <c>/status</c> (JSON: role, health, epoch, peers, clients,
/// the last epoch's statistics), <c>/epochs</c> (recent epoch statistics) and <c>/metrics</c>
/// (Prometheus text). Loopback by default; with a token, every request must carry
/// <c>Authorization: Bearer TOKEN</c>.
/// </summary>
public sealed class StatusServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StatusServer(WebApplication app, IPEndPoint endpoint)
    {
        this.app = app;
        EndPoint = endpoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<StatusServer> StartAsync(IPEndPoint endpoint, string? token, Func<NodeSnapshot> snapshot, ILoggerFactory loggers)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        WebApplication app = builder.Build();
        if (token is not null) app.Use((context, next) => Authorized(context, token) ? next(context) : Refuse(context));
        app.MapGet("/status", () => Results.Bytes(StatusJson.Status(snapshot()), "application/json"));
        app.MapGet("/epochs", () => Results.Bytes(StatusJson.Epochs(snapshot()), "application/json"));
        app.MapGet("/metrics", () => Results.Text(MetricsText.Write(snapshot()), MetricsText.ContentType, Encoding.UTF8));
        await app.StartAsync().ConfigureAwait(false);
        IPEndPoint bound = BoundEndPoint(app, endpoint);
        return new StatusServer(app, bound);
    }

    private static IPEndPoint BoundEndPoint(WebApplication app, IPEndPoint requested)
    {
        string address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>().Addresses.First();
        var uri = new Uri(address.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal));
        return new IPEndPoint(requested.Address, uri.Port);
    }

    private static bool Authorized(HttpContext context, string token)
    {
        string header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal)) return false;
        byte[] given = Encoding.UTF8.GetBytes(header[prefix.Length..]);
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(token));
    }

    private static Task Refuse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsync("a bearer token is required\n");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
