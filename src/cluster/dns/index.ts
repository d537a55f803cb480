// Cluster DNS: CoreDNS's answers from API state, and the stub resolver of machines and pods.
export { CLUSTER_DOMAIN, KUBE_DNS_IP, coreDnsAnswer, coreDnsReverse, endpointRecords, dashed, type CoreDnsDeps, type EndpointRecord } from './coredns.ts';
export { parseResolvConf, searchResolve, type DnsAnswer, type ResolverConfig } from './resolver.ts';
export { parseHostResolvConf, podDnsConfig, resolvConfText, type PodDnsConfig } from './pod-dns.ts';
