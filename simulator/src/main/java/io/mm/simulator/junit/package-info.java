/**
 * {@code SimulatorExtension}: a simulator on a free loopback port for a JUnit 5 test class or each test, handing
 * tests its base URLs.
 */
package io.mm.simulator.junit;
