package com.cxoneflows.sse;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/** Plain sockets with TCP keep-alive on, so that a half-dead quiet stream is eventually noticed by the OS. */
final class KeepAliveSocketFactory extends SocketFactory {

    private final SocketFactory delegate = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        return keepAlive(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return keepAlive(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return keepAlive(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return keepAlive(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return keepAlive(delegate.createSocket(address, port, localAddress, localPort));
    }

    private static Socket keepAlive(Socket socket) throws IOException {
        socket.setKeepAlive(true);
        return socket;
    }
}
