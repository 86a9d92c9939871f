/**
 * What later runs read back, on the local file system: the file decision ledger ({@code ledger}), the
 * file package repository with its PEP 503 simple index ({@code repository}), and the JSON documents
 * both write ({@code json}).
 */
package dev.airlock.adapter.storage;
