package com.ostcharts.ingest.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebSetup implements WebMvcConfigurer {

    private final ApiKeyCheck apiKeyCheck;
    private final QuotaCheck quotaCheck;
    private final AdmissionCheck admissionCheck;

    WebSetup(ApiKeyCheck apiKeyCheck, QuotaCheck quotaCheck, AdmissionCheck admissionCheck) {
        this.apiKeyCheck = apiKeyCheck;
        this.quotaCheck = quotaCheck;
        this.admissionCheck = admissionCheck;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // The key first: a request without one is answered 401 whatever the load, and never takes a share of it.
        registry.addInterceptor(apiKeyCheck).addPathPatterns("/api/**");
        // Then the key's own quota (429: this client sends too much), before ingest's shared bounds (503: ingest is full),
        // so a key over its quota never takes a share of those.
        registry.addInterceptor(quotaCheck).addPathPatterns("/api/**");
        registry.addInterceptor(admissionCheck).addPathPatterns("/api/**");
    }
}
