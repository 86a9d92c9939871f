/**
 * An advisory scanner on the OSV API (<a href="https://osv.dev">osv.dev</a>): asks
 * {@code /v1/querybatch} which advisories affect a package's ecosystem, name and version, reads each
 * with {@code /v1/vulns/{id}}, and reports them as findings on Airlock's severity scale, malicious
 * package reports ({@code MAL-}) as CRITICAL. Only the ecosystem, the name and the version leave the
 * machine; never the archive.
 */
package dev.airlock.adapter.osv;
