import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { authenticateUpgrade } from 'src/core/auth/authenticate-upgrade';
import type { Permission } from 'src/core/auth/permissions';
import type { RequestAuthenticator } from 'src/core/auth/request-authenticator';

/**
 * One WebSocket path on the platform's HTTP server: upgrades to `path` are authenticated (header, API key or
 * `?token=`) and need `permission`; a subclass serves each accepted socket. Closed cleanly on shutdown.
 */
export abstract class WebSocketEndpoint implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger: Logger;
  private readonly wss: WebSocketServer;
  private server?: Server;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(request, socket, head);

  protected constructor(
    private readonly path: string,
    private readonly permission: Permission,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: RequestAuthenticator,
    maxPayload: number,
  ) {
    this.logger = new Logger(new.target.name);
    this.wss = new WebSocketServer({ noServer: true, maxPayload });
  }

  protected abstract serve(ws: WebSocket, url: URL): void;

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    this.wss.close();
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== this.path) return;
    if (!(await authenticateUpgrade(this.authenticator, request, socket, this.permission))) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('error', (error) => this.logger.debug(`websocket error: ${error.message}`));
      this.serve(ws, url);
    });
  }
}
