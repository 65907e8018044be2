using System.Net;
using System.Net.Sockets;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// A TCP relay between the driver and the server that counts round trips: each time the client
/// sends again after the server has answered is one more. It reads the wire, not the driver,
/// so it counts what the network pays, whatever the driver does with its buffers.
/// </summary>
internal sealed class TcpTurnCounter : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string host;
    private readonly int port;
    private readonly CancellationTokenSource stop = new();
    private int turns;
    private int lastDirection;

    public TcpTurnCounter(string host, int port)
    {
        (this.host, this.port) = (host, port);
        listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Client-to-server sends that followed an answer (or opened the conversation).</summary>
    public int Turns => Volatile.Read(ref turns);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(host, port);
            _ = Pump(client.GetStream(), server.GetStream(), toServer: true);
            _ = Pump(server.GetStream(), client.GetStream(), toServer: false);
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to, bool toServer)
    {
        var buffer = new byte[65536];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stop.Token)) > 0)
            {
                lock (this)
                {
                    var direction = toServer ? 1 : 2;
                    if (toServer && lastDirection != 1)
                    {
                        turns++;
                    }

                    lastDirection = direction;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token);
            }
        }
        catch (Exception)
        {
        }
        finally
        {
            to.Close();
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
