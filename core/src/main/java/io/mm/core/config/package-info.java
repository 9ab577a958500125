/**
 * {@code SettingsReader}: settings read as the original recorder read them, environment variables overridden by
 * command-line flags, each value checked and a bad one reported naming the setting and its flag. Every command's
 * settings ({@code RecordJobSettings}, the history and serving options) are read through it. {@code StorageCheck}:
 * a directory a command will write, proved writable before the command starts its work.
 */
package io.mm.core.config;
