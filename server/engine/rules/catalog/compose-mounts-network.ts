/** Compose mounts and network: runtime sockets, host paths, propagation, ports, networks, logging. */
import type { AnyRule } from '../rule';
import { runtimeSocketMounted } from '../BH215-runtime-socket-mounted';
import { sensitiveHostPathMounted } from '../BH216-sensitive-host-path-mounted';
import { sharedMountPropagation } from '../BH217-shared-mount-propagation';
import { portPublishedOnAllInterfaces } from '../BH218-port-published-on-all-interfaces';
import { dockerOrPrivilegedPortPublished } from '../BH219-docker-or-privileged-port-published';
import { backendOnPublicNetwork } from '../BH220-backend-on-public-network';
import { loggingDisabled } from '../BH221-logging-disabled';

export const composeMountsNetworkRules: readonly AnyRule[] = [runtimeSocketMounted, sensitiveHostPathMounted, sharedMountPropagation, portPublishedOnAllInterfaces, dockerOrPrivilegedPortPublished, backendOnPublicNetwork, loggingDisabled];
