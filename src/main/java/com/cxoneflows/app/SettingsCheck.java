package com.cxoneflows.app;

import com.cxoneflows.settings.Settings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Fails the start with every problem the foundation and the flows found in their settings, once all of them
 * were configured and before anything runs.
 */
class SettingsCheck extends MainListenerSupport {

    @Override
    public void afterConfigure(BaseMainSupport main) {
        Settings.of(main.getCamelContext()).check();
    }
}
